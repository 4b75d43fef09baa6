package must

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

func TestMust(t *testing.T) {
	require.Equal(t, "张*", Name("张三").Masked())
	require.Equal(t, "138****1234", Phone("13812341234").Masked())
	n := IDNumber("110105", time.Date(1949, 12, 31, 0, 0, 0, 0, time.UTC), 2)
	raw, err := n.Reveal(wushe.StorageEntitlement())
	require.NoError(t, err)
	require.Equal(t, "11010519491231002X", raw)
	require.Panics(t, func() { Name("") })
	require.Panics(t, func() { Phone("12") })
	require.Panics(t, func() { IDNumber("11010", time.Now(), 1) })
}
