package store

import (
	"fmt"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// timeKey scans a time column as the driver hands it over: a time.Time on
// PostgreSQL; on SQLite the stored text, when the column is selected as an
// expression (keyColumn), which the driver then does not parse. A list
// page reads one sort key a row, and the driver's parse (time.Parse of up
// to nine layouts, the result boxed) was a tenth of the cache-off front
// page's CPU.
type timeKey struct{ t time.Time }

// Scan reads the driver's value; NULL is the zero time.
func (k *timeKey) Scan(v any) error {
	var err error
	switch x := v.(type) {
	case nil:
		k.t = time.Time{}
		return nil
	case time.Time:
		k.t = x
	case string:
		k.t, err = parseStoredTime(x)
	case []byte:
		k.t, err = parseStoredTime(string(x))
	default:
		return fmt.Errorf("scan time key: unsupported %T", v)
	}
	k.t = k.t.UTC()
	return err
}

// keyColumn is spec's sort key as the list statements select it: on
// SQLite a time key through a unary +, which keeps the value and drops the
// column's declared type, so that timeKey parses it, not the driver.
func (s *Store) keyColumn(spec sortSpec) string {
	if s.dialect == DialectSQLite && spec.kind == "time" {
		return "+" + spec.expr
	}
	return spec.expr
}

// parseStoredTime parses a time as SQLite holds it. Folio's own writes
// (through the driver) are "2006-01-02 15:04:05.999999999-07:00", read
// here by position; anything else goes through the driver's layouts, in
// the driver's order, as it would have parsed the column.
func parseStoredTime(s string) (time.Time, error) {
	if t, ok := parseDriverTime(s); ok {
		return t, nil
	}
	s = strings.TrimSuffix(s, "Z")
	for _, layout := range sqlite3.SQLiteTimestampFormats {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("parse stored time %q: not a time SQLite's driver reads", s)
}

// parseDriverTime reads "YYYY-MM-DD HH:MM:SS[.F{1,9}](+|-)HH:MM"; ok is
// false for anything else, which time.Parse then reads (or refuses).
func parseDriverTime(s string) (time.Time, bool) {
	if len(s) < 25 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	num := func(i, n int) (int, bool) {
		v := 0
		for ; n > 0; i, n = i+1, n-1 {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			v = v*10 + int(s[i]-'0')
		}
		return v, true
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 2)
	day, ok3 := num(8, 2)
	hour, ok4 := num(11, 2)
	minute, ok5 := num(14, 2)
	sec, ok6 := num(17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || month < 1 || month > 12 || day < 1 ||
		day > daysIn(time.Month(month), year) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	i, nsec := 19, 0
	if s[i] == '.' {
		j := i + 1
		for j < len(s) && j-i <= 9 && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i+1 || (j < len(s) && s[j] >= '0' && s[j] <= '9') {
			return time.Time{}, false // no digit, or more than nine
		}
		frac, _ := num(i+1, j-i-1)
		for range 9 - (j - i - 1) {
			frac *= 10
		}
		i, nsec = j, frac
	}
	if len(s) != i+6 || (s[i] != '+' && s[i] != '-') || s[i+3] != ':' {
		return time.Time{}, false
	}
	oh, okh := num(i+1, 2)
	om, okm := num(i+4, 2)
	if !okh || !okm || oh > 23 || om > 59 {
		return time.Time{}, false
	}
	offset := (oh*60 + om) * 60
	if s[i] == '-' {
		offset = -offset
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	return t.Add(-time.Duration(offset) * time.Second), true
}

// daysIn is the number of days of month m in year y.
func daysIn(m time.Month, y int) int {
	if m == time.February && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		return 29
	}
	return [...]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
}
