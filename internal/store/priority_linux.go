package store

import (
	"runtime"
	"syscall"
)

// checkpointNice is the checkpointer's thread priority (nice): copying the
// log back can wait for idle CPU, requests cannot.
const checkpointNice = 10

// lowerThreadPriority binds the calling goroutine to its thread for good
// and lowers that thread's priority; on Linux, setpriority with a thread
// id applies to that thread alone. The SQLite calls of a goroutine run on
// its thread, so the checkpoints run at that priority. Failure leaves the
// priority as it was. It returns the thread's id.
func lowerThreadPriority() int {
	runtime.LockOSThread()
	tid := syscall.Gettid()
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, tid, checkpointNice)
	return tid
}
