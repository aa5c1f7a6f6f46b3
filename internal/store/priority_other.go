//go:build !linux

package store

// lowerThreadPriority does nothing where threads have no priority of their own.
func lowerThreadPriority() int { return 0 }
