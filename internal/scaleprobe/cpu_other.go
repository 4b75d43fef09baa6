//go:build !unix

package scaleprobe

import "time"

// processCPU is the CPU time the process has used; this platform cannot tell.
func processCPU() (time.Duration, bool) { return 0, false }
