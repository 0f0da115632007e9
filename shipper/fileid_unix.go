//go:build !windows

package shipper

import (
	"os"
	"syscall"
)

// idOf is the device and inode of a file (path is unused here: the stat
// result carries them).
func idOf(_ string, fi os.FileInfo) fileID {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return fileID{dev: uint64(st.Dev), ino: uint64(st.Ino)}
	}
	return fileID{}
}
