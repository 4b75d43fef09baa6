//go:build unix

package runcost

import (
	"syscall"
	"time"
)

// ProcessCPU is the CPU time the process has used, user and system, all threads; false
// when the platform cannot tell.
func ProcessCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
