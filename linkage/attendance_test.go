package linkage_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

// An attendance reference is a pseudonymous reference like the others: masked in fmt and
// JSON, of class reference, and still counted as one person per reference.
func TestAttendanceRefIsAReference(t *testing.T) {
	a := linkage.Activity{ID: uuid.New(), Kind: linkage.ActivityGroupWork, Title: "x", Community: uuid.New(),
		Window:     wushe.NewWindow(t0, time.Hour),
		Attendance: []linkage.Attendance{linkage.Attendee("resident:0042", t0), linkage.Attendee("resident:0042", t0), linkage.Attendee("resident:0007", t0)}}
	require.NoError(t, a.Validate())
	assert.Equal(t, 2, a.UniquePersons())
	assert.Equal(t, wushe.ClassReference, a.Attendance[0].Ref.Class())
	js, err := json.Marshal(a)
	require.NoError(t, err)
	assert.NotContains(t, string(js), "resident:0042")
	assert.NotContains(t, fmt.Sprintf("%v %+v", a, a.Attendance), "resident:0042")

	bad := a
	bad.Attendance = []linkage.Attendance{{Ref: wushe.NewSensitive(wushe.ClassName, "张三")}, {}}
	fields := []string{}
	for _, fe := range wushe.FieldErrors(bad.Validate()) {
		fields = append(fields, fe.Field)
	}
	assert.Equal(t, []string{"Attendance[0].Ref", "Attendance[1].Ref"}, fields)
}
