// Package page holds the cursor paging shared by every list: first/after in, an opaque
// cursor out.
package page

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/keyward/keyward/server/errs"
	"github.com/uptrace/bun"
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

// Of is one page of rows, with how many match in all.
type Of[T any] struct {
	Rows    []T
	Total   int
	HasNext bool
}

// Select reads the page p asks for of the rows of T that where keeps, in id order (newest
// first when newestFirst), after p's cursor, and counts all the rows where keeps.
func Select[T any](ctx context.Context, idb bun.IDB, p Request, newestFirst bool, where func(*bun.SelectQuery) *bun.SelectQuery) (*Of[T], error) {
	afterID, err := p.AfterID()
	if err != nil {
		return nil, err
	}
	total, err := where(idb.NewSelect().Model((*T)(nil))).Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("count: %w", err)
	}
	order, after := "id", "id > ?"
	if newestFirst {
		order, after = "id DESC", "id < ?"
	}
	var rows []T
	q := where(idb.NewSelect().Model(&rows)).OrderExpr(order).Limit(int64(p.Limit() + 1))
	if afterID > 0 {
		q = q.Where(after, afterID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list: %w", err)
	}
	out := &Of[T]{Total: int(total)}
	if len(rows) > p.Limit() {
		rows, out.HasNext = rows[:p.Limit()], true
	}
	out.Rows = rows
	return out, nil
}
