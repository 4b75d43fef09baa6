//go:build !unix

package runcost

import "time"

// ProcessCPU is the CPU time the process has used; this platform cannot tell.
func ProcessCPU() (time.Duration, bool) { return 0, false }
