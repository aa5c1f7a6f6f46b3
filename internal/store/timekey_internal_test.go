package store

import (
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"
)

// driverTime is how mattn's driver reads a datetime column: each of its
// layouts in turn, after a trailing Z is dropped.
func driverTime(s string) (time.Time, bool) {
	s = strings.TrimSuffix(s, "Z")
	for _, layout := range sqlite3.SQLiteTimestampFormats {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

var storedTimes = []string{
	"2026-11-01 12:00:00+00:00",
	"2026-11-01 12:00:00.5+00:00",
	"2026-11-01 12:00:00.123456789-07:30",
	"2024-02-29 23:59:59+14:00",
	"2023-02-29 10:00:00+00:00", // no such day
	"2026-11-01 24:00:00+00:00",
	"2026-11-01 12:00:00.1234567891+00:00",
	"2026-11-01 12:00:00.+00:00",
	"2026-11-01 12:00:00,5+00:00",
	"2026-11-01 12:00:00+24:00",
	"2026-11-01 12:00:00+0000",
	"2026-11-01T12:00:00+00:00",
	"2026-11-01 12:00:00Z",
	"2026-11-01 12:00",
	"2026-11-01",
	"0000-01-01 00:00:00-00:01",
	"",
	"not a time",
}

// TestStoredTimeReadsAsTheDriver holds parseStoredTime to the driver's
// reading: the same instant where the driver reads one, an error where it
// reads none.
func TestStoredTimeReadsAsTheDriver(t *testing.T) {
	for _, s := range storedTimes {
		checkStoredTime(t, s)
	}
	if _, ok := parseDriverTime("2026-11-01 12:00:00.25-03:00"); !ok {
		t.Error("the layout Folio writes misses the fast path")
	}
}

// FuzzStoredTime: go test -tags sqlite_fts5 ./internal/store -run '^$' -fuzz FuzzStoredTime
func FuzzStoredTime(f *testing.F) {
	for _, s := range storedTimes {
		f.Add(s)
	}
	f.Fuzz(checkStoredTime)
}

func checkStoredTime(t *testing.T, s string) {
	want, ok := driverTime(s)
	got, err := parseStoredTime(s)
	switch {
	case ok && err != nil:
		t.Errorf("%q: the driver reads %v, parseStoredTime fails: %v", s, want, err)
	case !ok && err == nil:
		t.Errorf("%q: the driver reads no time, parseStoredTime reads %v", s, got)
	case ok && !got.Equal(want):
		t.Errorf("%q: the driver reads %v, parseStoredTime %v", s, want, got)
	}
}

func BenchmarkStoredTime(b *testing.B) {
	for _, c := range []struct {
		name  string
		parse func(string) (time.Time, bool)
	}{
		{"driver", driverTime},
		{"folio", func(s string) (time.Time, bool) { t, err := parseStoredTime(s); return t, err == nil }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, ok := c.parse("2026-11-01 12:00:00.123+00:00"); !ok {
					b.Fatal("no time")
				}
			}
		})
	}
}
