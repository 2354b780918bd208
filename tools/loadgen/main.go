// Command loadgen is the load generator of `make bench`: its own process, so that the
// server's cost is measured as a client sees it. It holds a fixed number of keep-alive
// connections (closed loop), each sending one request and reading its whole answer before
// the next, for a given time, and prints one JSON line: requests per second and the
// latency percentiles. It speaks just enough HTTP/1.1 to cost little itself.
//
//	loadgen -url http://127.0.0.1:8080/api/v1/whoami -H 'X-Auth-Token: kw_…' -c 16 -d 2s -status 200
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

type headers []string

func (h *headers) String() string     { return strings.Join(*h, ", ") }
func (h *headers) Set(v string) error { *h = append(*h, v); return nil }

// Result is what one run measured.
type Result struct {
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	RPS      float64 `json:"rps"`
	P50      float64 `json:"p50_us"`
	P99      float64 `json:"p99_us"`
}

func main() {
	target := flag.String("url", "", "the URL to load")
	method := flag.String("method", "GET", "the request method")
	body := flag.String("body", "", "the request body (sent as application/json)")
	conns := flag.Int("c", 16, "keep-alive connections")
	dur := flag.Duration("d", 2*time.Second, "how long to load")
	status := flag.Int("status", 200, "the status every answer must have")
	tokenFile := flag.String("tokens", "", "a file of tokens, one per line: each request sends the next in X-Auth-Token (each connection starts at its own place)")
	skip := flag.Int("skip", 0, "with -tokens: how far into its part of the list each connection starts (to go on where an earlier run stopped)")
	var hdrs headers
	flag.Var(&hdrs, "H", "a request header, Name: value (repeatable)")
	flag.Parse()
	var toks []string
	if *tokenFile != "" {
		b, err := os.ReadFile(*tokenFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			os.Exit(1)
		}
		toks = strings.Fields(string(b))
	}
	res, err := run(*target, *method, *body, hdrs, toks, *skip, *conns, *dur, *status)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
	_ = json.NewEncoder(os.Stdout).Encode(res)
}

func run(target, method, body string, hdrs, toks []string, skip, conns int, dur time.Duration, status int) (*Result, error) {
	u, err := url.Parse(target)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("bad -url %q", target)
	}
	request := func(tok string) []byte {
		var req bytes.Buffer
		fmt.Fprintf(&req, "%s %s HTTP/1.1\r\nHost: %s\r\n", method, u.RequestURI(), u.Host)
		for _, h := range hdrs {
			fmt.Fprintf(&req, "%s\r\n", h)
		}
		if tok != "" {
			fmt.Fprintf(&req, "X-Auth-Token: %s\r\n", tok)
		}
		if body != "" {
			fmt.Fprintf(&req, "Content-Type: application/json\r\nContent-Length: %d\r\n", len(body))
		}
		req.WriteString("\r\n")
		req.WriteString(body)
		return req.Bytes()
	}
	// Every request's bytes, built before the clock starts.
	raws := [][]byte{request("")}
	if len(toks) > 0 {
		raws = make([][]byte, len(toks))
		for i, t := range toks {
			raws[i] = request(t)
		}
	}

	deadline := time.Now().Add(dur)
	lat := make([][]time.Duration, conns)
	errs := make([]int, conns)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range conns {
		wg.Go(func() {
			next := (i*len(raws)/conns + skip) % len(raws)
			lat[i] = make([]time.Duration, 0, 1<<16)
			var c net.Conn
			var r *bufio.Reader
			for time.Now().Before(deadline) {
				if c == nil {
					if c, err = net.Dial("tcp", u.Host); err != nil {
						errs[i]++
						time.Sleep(10 * time.Millisecond)
						c = nil
						continue
					}
					r = bufio.NewReaderSize(c, 16<<10)
				}
				raw := raws[next]
				if next++; next == len(raws) {
					next = 0
				}
				t0 := time.Now()
				got, err := roundTrip(c, r, raw)
				if err != nil || got != status {
					errs[i]++
					c.Close()
					c = nil
					continue
				}
				lat[i] = append(lat[i], time.Since(t0))
			}
			if c != nil {
				c.Close()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	res := &Result{}
	for i := range conns {
		all = append(all, lat[i]...)
		res.Errors += errs[i]
	}
	res.Requests = len(all)
	res.RPS = float64(len(all)) / elapsed.Seconds()
	if len(all) > 0 {
		slices.Sort(all)
		res.P50 = float64(all[len(all)/2].Microseconds())
		res.P99 = float64(all[len(all)*99/100].Microseconds())
	}
	if res.Requests == 0 {
		return res, errors.New("no request succeeded")
	}
	return res, nil
}

// roundTrip writes one request and reads its answer; it returns the status.
func roundTrip(c net.Conn, r *bufio.Reader, req []byte) (int, error) {
	if _, err := c.Write(req); err != nil {
		return 0, err
	}
	line, err := r.ReadSlice('\n')
	if err != nil {
		return 0, err
	}
	if len(line) < 12 {
		return 0, fmt.Errorf("bad status line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, err
	}
	length := -1
	for {
		h, err := r.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		if len(h) <= 2 {
			break
		}
		if len(h) > 16 && strings.EqualFold(string(h[:15]), "content-length:") {
			if length, err = strconv.Atoi(strings.TrimSpace(string(h[15:]))); err != nil {
				return 0, err
			}
		}
	}
	if length < 0 {
		return 0, errors.New("an answer without Content-Length")
	}
	if _, err := r.Discard(length); err != nil {
		return 0, err
	}
	if _, err := io.ReadFull(r, nil); err != nil {
		return 0, err
	}
	return status, nil
}
