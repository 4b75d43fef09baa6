package clone

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

type inner struct {
	Tags  []string
	Score map[string]int
}

type outer struct {
	Name    string
	When    time.Time
	Amount  decimal.Decimal
	Inner   inner
	Ptr     *inner
	List    []inner
	ByKey   map[string][]int
	Arr     [2][]int
	private []int
}

func TestOfIsDeep(t *testing.T) {
	src := outer{
		Name:    "a",
		When:    time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Amount:  decimal.RequireFromString("12.34"),
		Inner:   inner{Tags: []string{"x"}, Score: map[string]int{"k": 1}},
		Ptr:     &inner{Tags: []string{"p"}},
		List:    []inner{{Tags: []string{"l"}}},
		ByKey:   map[string][]int{"a": {1, 2}},
		Arr:     [2][]int{{1}, {2}},
		private: []int{9},
	}
	dst := Of(src)
	require.Equal(t, src, dst)

	dst.Inner.Tags[0] = "changed"
	dst.Inner.Score["k"] = 2
	dst.Ptr.Tags[0] = "changed"
	dst.List[0].Tags[0] = "changed"
	dst.ByKey["a"][0] = 100
	dst.Arr[0][0] = 100

	require.Equal(t, "x", src.Inner.Tags[0])
	require.Equal(t, 1, src.Inner.Score["k"])
	require.Equal(t, "p", src.Ptr.Tags[0])
	require.Equal(t, "l", src.List[0].Tags[0])
	require.Equal(t, 1, src.ByKey["a"][0])
	require.Equal(t, 1, src.Arr[0][0])
	require.True(t, src.Amount.Equal(dst.Amount))
}

func TestOfKeepsNil(t *testing.T) {
	var src outer
	dst := Of(src)
	require.Nil(t, dst.Ptr)
	require.Nil(t, dst.List)
	require.Nil(t, dst.ByKey)
	require.Equal(t, src, dst)
}

func TestOfPlainValues(t *testing.T) {
	require.Equal(t, 5, Of(5))
	s := []int{1, 2}
	c := Of(s)
	c[0] = 9
	require.Equal(t, 1, s[0])
	var p *int
	require.Nil(t, Of(p))
}

// BenchmarkOf copies a struct with nested slices, maps and pointers: what a Store pays
// for every entity it hands out.
func BenchmarkOf(b *testing.B) {
	src := outer{Name: "a", Inner: inner{Tags: []string{"x"}, Score: map[string]int{"k": 1}}, Ptr: &inner{Tags: []string{"p"}},
		List: []inner{{Tags: []string{"l"}}}, ByKey: map[string][]int{"a": {1, 2}}}
	for b.Loop() {
		_ = Of(src)
	}
}
