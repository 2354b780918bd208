// Package page holds the cursor paging shared by every list: first/after in, an opaque
// cursor out.
package page

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/keyward/keyward/server/errs"
)

// DefaultSize and MaxSize bound a page.
const (
	DefaultSize = 25
	MaxSize     = 100
)

// Request is the caller's first/after.
type Request struct {
	First *int
	After *string
}

// Limit is the page size asked for, clamped to 1..MaxSize.
func (r Request) Limit() int {
	if r.First == nil {
		return DefaultSize
	}
	n := *r.First
	if n < 1 {
		return 1
	}
	if n > MaxSize {
		return MaxSize
	}
	return n
}

// Validate names the field at fault in a bad request.
func (r Request) Validate() error {
	if r.First != nil && (*r.First < 1 || *r.First > MaxSize) {
		return errs.InvalidField("first", "first must be between 1 and %d", MaxSize)
	}
	_, err := r.AfterID()
	return err
}

// AfterID decodes the cursor; 0 means from the start.
func (r Request) AfterID() (int64, error) {
	if r.First != nil && (*r.First < 1 || *r.First > MaxSize) {
		return 0, errs.InvalidField("first", "first must be between 1 and %d", MaxSize)
	}
	if r.After == nil || *r.After == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*r.After)
	if err == nil && strings.HasPrefix(string(b), "id:") {
		if id, err := strconv.ParseInt(string(b[3:]), 10, 64); err == nil && id > 0 {
			return id, nil
		}
	}
	return 0, errs.InvalidField("after", "after is not a cursor from this list")
}

// Cursor encodes a row id as an opaque cursor.
func Cursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("id:" + strconv.FormatInt(id, 10)))
}

// EscapeLike escapes the LIKE wildcards in s; queries say ESCAPE '\' (SQLite has no default).
func EscapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
