//go:build windows

package pyudtf_test

import "os"

// processGone reports whether no process has the pid: on Windows
// FindProcess opens the process and fails when there is none.
func processGone(pid int) (bool, error) {
	p, err := os.FindProcess(pid)
	if err != nil {
		return true, nil
	}
	p.Release()
	return false, nil
}
