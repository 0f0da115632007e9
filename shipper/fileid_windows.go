//go:build windows

package shipper

import (
	"os"

	"golang.org/x/sys/windows"
)

// idOf is the volume serial number and file index of a file: Windows' stat
// result carries neither, so the file is opened to ask for them.
func idOf(path string, _ os.FileInfo) fileID {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return fileID{}
	}
	h, err := windows.CreateFile(p, 0, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
		nil, windows.OPEN_EXISTING, windows.FILE_FLAG_BACKUP_SEMANTICS, 0)
	if err != nil {
		return fileID{}
	}
	defer windows.CloseHandle(h)
	var info windows.ByHandleFileInformation
	if err := windows.GetFileInformationByHandle(h, &info); err != nil {
		return fileID{}
	}
	return fileID{dev: uint64(info.VolumeSerialNumber), ino: uint64(info.FileIndexHigh)<<32 | uint64(info.FileIndexLow)}
}
