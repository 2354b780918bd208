// Package verifybody reads the body of POST /api/v1/verify. The usual body, a flat object of
// plain strings, is read without reflection; anything else goes to encoding/json, and a fuzz
// test holds the two to the same result.
package verifybody

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// Request is the body: the token to check, the IP it comes from and the permission asked for.
type Request struct {
	Token      string `json:"token"`
	IP         string `json:"ip"`
	Permission string `json:"permission"`
}

// Decode reads body as encoding/json would (unknown fields refused).
func Decode(body []byte) (Request, error) {
	var req Request
	if decodeFast(body, &req) {
		return req, nil
	}
	return decodeSlow(body)
}

// decodeSlow decodes what the fast path leaves alone, with encoding/json.
func decodeSlow(body []byte) (Request, error) {
	var req Request
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(&req)
	return req, err
}

// decodeFast decodes the usual verify body, a flat object of plain strings, into req
// without reflection, and reports whether it could. It answers true only when encoding/json
// would decode body to the very same request; anything unusual (escapes, non-ASCII, other
// keys or types, nulls, duplicates, trailing data) is left to encoding/json.
func decodeFast(body []byte, req *Request) bool {
	// Where each field's value lies in body (start, end), read into one string at the end.
	var at [3][2]int
	var seen [3]bool
	i := skipSpace(body, 0)
	if i >= len(body) || body[i] != '{' {
		return false
	}
	i = skipSpace(body, i+1)
	first := true
	for {
		if i >= len(body) {
			return false
		}
		if body[i] == '}' {
			if skipSpace(body, i+1) != len(body) {
				return false
			}
			all := string(body)
			fields := [3]*string{&req.Token, &req.IP, &req.Permission}
			for f, ok := range seen {
				if ok {
					*fields[f] = all[at[f][0]:at[f][1]]
				}
			}
			return true
		}
		if !first {
			if body[i] != ',' {
				return false
			}
			i = skipSpace(body, i+1)
		}
		first = false
		ks, ke, ok := plainString(body, i)
		if !ok {
			return false
		}
		i = skipSpace(body, ke+1)
		if i >= len(body) || body[i] != ':' {
			return false
		}
		i = skipSpace(body, i+1)
		vs, ve, ok := plainString(body, i)
		if !ok {
			return false
		}
		i = skipSpace(body, ve+1)
		var field int
		switch string(body[ks:ke]) { // compared without allocating
		case "token":
			field = 0
		case "ip":
			field = 1
		case "permission":
			field = 2
		default:
			return false // unknown (or differently cased) keys: encoding/json decides
		}
		if seen[field] {
			return false
		}
		seen[field], at[field] = true, [2]int{vs, ve}
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// plainString finds a JSON string at b[i] made of printable ASCII but quotes and
// backslashes: its contents are b[start:end], and b[end] is its closing quote.
func plainString(b []byte, i int) (start, end int, ok bool) {
	if i >= len(b) || b[i] != '"' {
		return 0, 0, false
	}
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			return i + 1, j, true
		case c < 0x20 || c == '\\' || c >= utf8.RuneSelf:
			return 0, 0, false
		}
	}
	return 0, 0, false
}
