//go:build unix

package pyudtf_test

import (
	"errors"
	"syscall"
)

// processGone reports whether no process has the pid: signal 0 checks
// existence without signalling.
func processGone(pid int) (bool, error) {
	err := syscall.Kill(pid, 0)
	if errors.Is(err, syscall.ESRCH) {
		return true, nil
	}
	return false, err
}
