// Package wire holds the JSON formats that bench/run exchanges with the
// processes it starts: the plan it hands to the Go load generator
// (bench/load), the result that generator prints, and the recorded
// responses the ceiling server (bench/ceiling) replays.
package wire

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// Request is one request of a plan. Body may contain the placeholder
// Counter, which the generator replaces with a number unique within the
// run, so that creates do not collide on their slug.
type Request struct {
	Method string            `json:"method"`
	Path   string            `json:"path"`
	Header map[string]string `json:"header,omitempty"`
	Body   string            `json:"body,omitempty"`
	// Weight is the share of traffic this request gets relative to the
	// others of its plan; 0 counts as 1.
	Weight int `json:"weight,omitempty"`
}

// Counter is replaced in a request body by a number unique within the run.
const Counter = "{{n}}"

// Plan is one load run: closed-loop connections sending Requests (picked
// by weight) to Addr for Duration.
type Plan struct {
	Addr        string        `json:"addr"` // host:port
	Connections int           `json:"connections"`
	Duration    time.Duration `json:"duration"`
	// Prefix starts every Counter value, so two runs against the same
	// database never produce the same number.
	Prefix   string    `json:"prefix"`
	Requests []Request `json:"requests"`
}

// Result is what one load run measured.
type Result struct {
	Requests int64         `json:"requests"` // completed responses, any status
	Elapsed  time.Duration `json:"elapsed"`
	P50      time.Duration `json:"p50"`
	P99      time.Duration `json:"p99"`
	// Errors counts responses whose status is neither 2xx nor 304, plus
	// socket errors (connect, read, write, timeout, malformed response).
	Errors int64 `json:"errors"`
	// Statuses counts responses by status code.
	Statuses map[int]int64 `json:"statuses,omitempty"`
	// Socket counts socket errors alone; FirstError describes one of them.
	Socket     int64  `json:"socket"`
	FirstError string `json:"first_error,omitempty"`
}

// RPS is the rate of completed requests.
func (r Result) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// Response is a recorded response that the ceiling replays for Path (the
// request URI: path and raw query).
type Response struct {
	Path   string            `json:"path"`
	Status int               `json:"status"`
	Header map[string]string `json:"header"`
	Body   []byte            `json:"body"` // base64 in JSON
}

// ReadJSON decodes the JSON file at path into v.
func ReadJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decode %s: %w", path, err)
	}
	return nil
}

// WriteJSON encodes v into the file at path.
func WriteJSON(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}
