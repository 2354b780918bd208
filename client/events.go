package client

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"
)

// The events stream's timing.
const (
	// defaultHeartbeat is assumed until the stream's ready event says otherwise.
	defaultHeartbeat = time.Second
	// minBackoff and maxBackoff bound the wait before reconnecting: doubling from the one to
	// the other, back to the first after a connection that got its ready event.
	minBackoff = 100 * time.Millisecond
	maxBackoff = 2 * time.Second
	// maxEventLine bounds one line of the stream (an invalidation of many tokens is long).
	maxEventLine = 1 << 20
)

// follow keeps the events stream connected until ctx ends.
func (c *Client) follow(ctx context.Context) {
	defer close(c.done)
	backoff := minBackoff
	connections := 0
	// told is set once a failure to connect is logged, until the stream is back.
	told := false
	for ctx.Err() == nil {
		ready, err := c.listen(ctx, connections)
		if ready {
			connections++
			backoff = minBackoff
			told = false
		}
		if ctx.Err() != nil {
			err = nil // closed, not lost
		}
		wasLive := c.lost(err)
		if !ready && !wasLive && err != nil && !told {
			told = true
			c.log.Warn("keyward: events stream cannot connect; verifying every token online until it does", "err", err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
		if !ready {
			backoff = min(backoff*2, maxBackoff)
		}
	}
}

// errSilent ends a stream silent for longer than 2.5 heartbeats.
var errSilent = errors.New("keyward: events: no heartbeat")

// listen reads one connection of the stream until it ends; ready says whether it got as far
// as its ready event.
func (c *Client) listen(ctx context.Context, connections int) (ready bool, err error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/api/v1/events", nil)
	if err != nil {
		return false, fmt.Errorf("keyward: events: %w", err)
	}
	req.Header.Set("X-Auth-Token", c.token)
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Cache-Control", "no-cache")
	req.Header.Set("User-Agent", userAgent)
	// A connection that never answers, or never says ready, counts as silent too.
	watchdog := time.AfterFunc(time.Duration(c.silence.Load()), func() { cancel(errSilent) })
	defer watchdog.Stop()
	resp, err := c.streamHTTP.Do(req)
	if err != nil {
		return false, c.cause(ctx, fmt.Errorf("keyward: events: %w", err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxAnswer))
		return false, &Error{Op: "events", StatusCode: resp.StatusCode}
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "text/event-stream" {
		return false, fmt.Errorf("keyward: events: the answer is %q, not text/event-stream", mt)
	}
	r := bufio.NewReaderSize(resp.Body, 4096)
	var event string
	var data []byte
	sawData := false
	for {
		line, err := readLine(r)
		if err != nil {
			return ready, c.cause(ctx, fmt.Errorf("keyward: events: %w", err))
		}
		switch {
		case len(line) == 0:
			if event == "" && !sawData {
				break
			}
			if event == "ready" {
				c.onReady(data, connections)
				ready = true
			} else {
				c.apply(event, data)
			}
			event, data, sawData = "", nil, false
		case line[0] == ':': // a comment
		default:
			field, value, _ := bytes.Cut(line, []byte(":"))
			value = bytes.TrimPrefix(value, []byte(" "))
			switch string(field) {
			case "event":
				event = string(value)
			case "data":
				// data is a copy: line is overwritten by the next read.
				if sawData {
					data = append(data, '\n')
				}
				data, sawData = append(data, value...), true
			}
		}
		// Any line is a sign of life (the ready event may just have said how long one lasts).
		silence := time.Duration(c.silence.Load())
		watchdog.Reset(silence)
		if ready {
			c.healthyUntil.Store(c.now().Add(silence).UnixNano())
		}
	}
}

// cause returns the watchdog's reason when it ended the connection, else err.
func (c *Client) cause(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); errors.Is(cause, errSilent) {
		return cause
	}
	return err
}

// readLine reads one line without its end (\n, \r\n), refusing one longer than maxEventLine.
func readLine(r *bufio.Reader) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		long := append([]byte{}, line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			if len(long) > maxEventLine {
				return nil, errors.New("a line is too long")
			}
			line, err = r.ReadSlice('\n')
			long = append(long, line...)
		}
		line = long
	}
	if err != nil {
		return nil, err
	}
	line = bytes.TrimSuffix(line[:len(line)-1], []byte("\r"))
	return line, nil
}

// onReady starts trusting the cache again: emptied first, since changes may have been
// missed while the stream was down.
func (c *Client) onReady(data []byte, connections int) {
	var ready struct {
		Heartbeat int64 `json:"heartbeat"`
	}
	hb := defaultHeartbeat
	if json.Unmarshal(data, &ready) == nil && ready.Heartbeat > 0 {
		hb = time.Duration(ready.Heartbeat) * time.Millisecond
	}
	silence := hb * 5 / 2
	c.silence.Store(int64(silence))
	c.flush()
	now := c.now()
	c.healthyUntil.Store(now.Add(silence).UnixNano())
	c.stats.connected.Store(true)
	if connections > 0 {
		c.stats.reconnects.Add(1)
	}
	c.log.Info("keyward: events stream connected", "heartbeat", hb)
}

// apply applies one event of the stream.
func (c *Client) apply(event string, data []byte) {
	switch event {
	case "invalidate":
		var inv struct {
			Tokens  []string `json:"tokens"`
			SignIns []string `json:"signIns"`
		}
		if err := json.Unmarshal(data, &inv); err != nil {
			// Unreadable: whatever it named is forgotten with everything else.
			c.log.Warn("keyward: events: unreadable invalidation; the cache is emptied", "err", err)
			c.flush()
			return
		}
		c.online.add(inv.SignIns, c.now())
		c.cache.invalidate(inv.Tokens, inv.SignIns)
		c.stats.invalidations.Add(1) // counted once applied: tests wait on it
	case "flush":
		c.flush()
	}
}

// flush forgets every cached verdict and every JWT issued so far as offline-verifiable.
func (c *Client) flush() {
	c.flushedAt.Store(c.now().Unix())
	c.cache.flush()
	c.stats.flushes.Add(1)
}

// lost stops trusting the cache after the stream ended; it reports whether the stream was
// live until then.
func (c *Client) lost(err error) bool {
	if c.healthyUntil.Swap(0) != 0 {
		// Only a loss moves the epoch, not every failed attempt while the stream is down,
		// so that online verdicts keep being cached for StaleIfError.
		c.cache.epoch.Add(1)
	}
	wasLive := c.stats.connected.Swap(false)
	if wasLive && err != nil {
		c.log.Warn("keyward: events stream lost; verifying every token online until it is back", "err", err)
	}
	return wasLive
}
