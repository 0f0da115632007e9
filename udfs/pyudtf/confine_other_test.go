//go:build !linux

package pyudtf

// landlockABI: Landlock is Linux's.
func landlockABI() int { return 0 }
