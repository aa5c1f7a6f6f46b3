package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"time"
)

// errMalformed reports a response this client cannot parse.
var errMalformed = errors.New("malformed response")

// conn is one keep-alive HTTP/1.1 connection that sends pre-formatted
// requests and parses just enough of each response (status, length,
// chunking, Connection: close) to discard it. It does far less work per
// request than net/http's client, so that one core of load can saturate one
// core of server.
type conn struct {
	nc net.Conn
	r  *bufio.Reader
}

// dial opens a connection whose reads and writes all fail after deadline.
func dial(addr string, deadline time.Time) (*conn, error) {
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	if err := nc.SetDeadline(deadline); err != nil {
		nc.Close()
		return nil, err
	}
	return &conn{nc: nc, r: bufio.NewReaderSize(nc, 64<<10)}, nil
}

// do sends req and reads the whole response. keep is false when the server
// asked to close the connection, which the caller must then do.
func (c *conn) do(req []byte) (status int, keep bool, err error) {
	if _, err := c.nc.Write(req); err != nil {
		return 0, false, err
	}
	return c.readResponse()
}

func (c *conn) Close() error { return c.nc.Close() }

func (c *conn) readResponse() (status int, keep bool, err error) {
	line, err := c.r.ReadSlice('\n')
	if err != nil {
		return 0, false, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, false, fmt.Errorf("%w: status line %q", errMalformed, line)
	}
	if status, err = strconv.Atoi(string(line[9:12])); err != nil {
		return 0, false, fmt.Errorf("%w: status line %q", errMalformed, line)
	}
	h, err := c.readHeader()
	if err != nil {
		return status, false, err
	}
	switch {
	case status == 204 || status == 304 || status < 200:
	case h.chunked:
		err = c.discardChunked()
	case h.length >= 0:
		_, err = c.r.Discard(h.length)
	default: // no length: the body runs until the server closes
		_, err = io.Copy(io.Discard, c.r)
		h.close = true
	}
	return status, err == nil && !h.close, err
}

// header is what readResponse needs from a response header.
type header struct {
	length  int
	chunked bool
	close   bool
}

func (c *conn) readHeader() (header, error) {
	h := header{length: -1}
	for {
		line, err := c.r.ReadSlice('\n')
		if err != nil {
			return h, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			return h, nil
		}
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return h, fmt.Errorf("%w: header line %q", errMalformed, line)
		}
		v = bytes.TrimSpace(v)
		switch {
		case bytes.EqualFold(k, []byte("Content-Length")):
			if h.length, err = strconv.Atoi(string(v)); err != nil || h.length < 0 {
				return h, fmt.Errorf("%w: content-length %q", errMalformed, v)
			}
		case bytes.EqualFold(k, []byte("Transfer-Encoding")):
			h.chunked = bytes.Contains(bytes.ToLower(v), []byte("chunked"))
		case bytes.EqualFold(k, []byte("Connection")):
			h.close = bytes.EqualFold(v, []byte("close"))
		}
	}
}

// discardChunked reads a chunked body and its trailer.
func (c *conn) discardChunked() error {
	for {
		line, err := c.r.ReadSlice('\n')
		if err != nil {
			return err
		}
		sizeText, _, _ := bytes.Cut(bytes.TrimRight(line, "\r\n"), []byte(";"))
		size, err := strconv.ParseInt(string(bytes.TrimSpace(sizeText)), 16, 64)
		if err != nil || size < 0 {
			return fmt.Errorf("%w: chunk size %q", errMalformed, line)
		}
		if size == 0 {
			_, err := c.readHeader() // the trailer, usually empty
			return err
		}
		if _, err := c.r.Discard(int(size) + 2); err != nil { // data and its CRLF
			return err
		}
	}
}
