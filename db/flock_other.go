//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package db

import "os"

// tryLockFile has no file lock to take on this system: SQLite migrations are serialised
// within one process only, and `keyward migrate` must not run beside `keyward serve`.
func tryLockFile(*os.File) (bool, error) { return true, nil }
