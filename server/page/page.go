// Package page holds the cursor paging shared by every list: first/after in, an opaque
// cursor out.
package page

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/keyward/keyward/server/errs"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// DefaultSize and MaxSize bound a page.
const (
	DefaultSize = 25
	MaxSize     = 100
)

// CountLimit is as far as the long lists (tokens, users, the audit trail) count the rows that
// match: beyond it a total costs more to count than the page it comes with, and "10,000 or
// more" tells a reader as much.
const CountLimit = 10_000

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

// TimeCursor encodes the place of a row in a list ordered by time, then id, as an opaque
// cursor.
func TimeCursor(at time.Time, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("at:" + at.UTC().Format(time.RFC3339Nano) + "/" + strconv.FormatInt(id, 10)))
}

// AfterTime decodes a TimeCursor; a zero id means from the start.
func (r Request) AfterTime() (time.Time, int64, error) {
	if r.First != nil && (*r.First < 1 || *r.First > MaxSize) {
		return time.Time{}, 0, errs.InvalidField("first", "first must be between 1 and %d", MaxSize)
	}
	if r.After == nil || *r.After == "" {
		return time.Time{}, 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*r.After)
	rest, isTime := strings.CutPrefix(string(b), "at:")
	if at, id, ok := strings.Cut(rest, "/"); err == nil && isTime && ok {
		t, terr := time.Parse(time.RFC3339Nano, at)
		n, nerr := strconv.ParseInt(id, 10, 64)
		if terr == nil && nerr == nil && n > 0 {
			return t.UTC(), n, nil
		}
	}
	return time.Time{}, 0, errs.InvalidField("after", "after is not a cursor from this list")
}

// EscapeLike escapes the LIKE wildcards in s; queries say ESCAPE '\' (SQLite has no default).
func EscapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Of is one page of rows, with how many match in all.
type Of[T any] struct {
	Rows []T
	// Total is how many rows match; when TotalExact is false, more than that do (counting
	// stopped at CountLimit).
	Total      int
	TotalExact bool
	HasNext    bool
}

// Count counts the rows of T that where keeps, stopping once it is sure of more than limit
// (0: no limit); exact is false when it stopped, and n is then limit.
func Count[T any](ctx context.Context, idb bun.IDB, limit int, where func(*bun.SelectQuery) *bun.SelectQuery) (n int, exact bool, err error) {
	q := where(idb.NewSelect().Model((*T)(nil)))
	if limit <= 0 {
		total, err := q.Count(ctx)
		return int(total), true, err
	}
	// The inner query stops at limit+1 rows, in whatever order is cheapest.
	err = idb.NewSelect().TableExpr("(?) AS matching", q.ColumnExpr("1").Limit(int64(limit+1))).ColumnExpr("count(*)").Scan(ctx, &n)
	if n > limit {
		return limit, false, err
	}
	return n, true, err
}

// Reading is what a long list's filter is written for. A filter such as a search can be read
// two ways: through an index that finds every matching row at once (then sorted), which is
// best when few match, or along the list's order, which finds a page among many matching
// rows after reading few. The count, made first, tells which: fewer than CountLimit, or more.
type Reading int

// The readings of a long list.
const (
	// Counting is the count, up to CountLimit.
	Counting Reading = iota
	// Few reads a page of a list with fewer matching rows than CountLimit.
	Few
	// Many reads a page of a list with more.
	Many
)

// Select reads the page p asks for of the rows of T that where keeps, in id order (newest
// first when newestFirst), after p's cursor, and counts all the rows where keeps.
func Select[T any](ctx context.Context, idb bun.IDB, p Request, newestFirst bool, where func(*bun.SelectQuery) *bun.SelectQuery) (*Of[T], error) {
	return selectPage[T](ctx, idb, p, newestFirst, 0, func(q *bun.SelectQuery, _ Reading) *bun.SelectQuery { return where(q) })
}

// SelectBounded is Select for a list that may be long: it counts the matching rows up to
// CountLimit only, and where may write its filter for each Reading.
func SelectBounded[T any](ctx context.Context, idb bun.IDB, p Request, newestFirst bool, where func(*bun.SelectQuery, Reading) *bun.SelectQuery) (*Of[T], error) {
	return selectPage[T](ctx, idb, p, newestFirst, CountLimit, where)
}

func selectPage[T any](ctx context.Context, idb bun.IDB, p Request, newestFirst bool, countLimit int, where func(*bun.SelectQuery, Reading) *bun.SelectQuery) (*Of[T], error) {
	if _, err := p.AfterID(); err != nil {
		return nil, err
	}
	total, exact, err := Count[T](ctx, idb, countLimit, func(q *bun.SelectQuery) *bun.SelectQuery { return where(q, Counting) })
	if err != nil {
		return nil, fmt.Errorf("count: %w", err)
	}
	out := &Of[T]{Rows: []T{}, Total: total, TotalExact: exact}
	if total == 0 {
		return out, nil
	}
	reading := Few
	if !exact {
		reading = Many
	}
	return out, readPage(ctx, idb, p, newestFirst, func(q *bun.SelectQuery) *bun.SelectQuery { return where(q, reading) }, out)
}

// readPage reads into out the page p asks for of the rows of T that where keeps.
func readPage[T any](ctx context.Context, idb bun.IDB, p Request, newestFirst bool, where func(*bun.SelectQuery) *bun.SelectQuery, out *Of[T]) error {
	afterID, err := p.AfterID()
	if err != nil {
		return err
	}
	order, after := "id", "id > ?"
	if newestFirst {
		order, after = "id DESC", "id < ?"
	}
	q := where(idb.NewSelect().Model(&out.Rows)).OrderExpr(order).Limit(int64(p.Limit() + 1))
	if afterID > 0 {
		q = q.Where(after, afterID)
	}
	if err := q.Scan(ctx); err != nil {
		return fmt.Errorf("list: %w", err)
	}
	if len(out.Rows) > p.Limit() {
		out.Rows, out.HasNext = out.Rows[:p.Limit()], true
	}
	return nil
}

// SelectSearched is SelectBounded for a list narrowed by a search that an index finds but
// cannot order (a part of a name): counting collects the ids of up to CountLimit+1 matching
// rows, in one read of that index; when that is all of them, the page is read by id among
// them, and when more match, along the list's order (Many), where a page comes soon.
func SelectSearched[T any](ctx context.Context, idb bun.IDB, p Request, newestFirst bool, where func(*bun.SelectQuery, Reading) *bun.SelectQuery) (*Of[T], error) {
	afterID, err := p.AfterID()
	if err != nil {
		return nil, err
	}
	var ids []int64
	if err := where(idb.NewSelect().Model((*T)(nil)).Column("id"), Counting).Limit(CountLimit+1).Scan(ctx, &ids); err != nil {
		return nil, fmt.Errorf("count: %w", err)
	}
	out := &Of[T]{Rows: []T{}, Total: len(ids), TotalExact: len(ids) <= CountLimit}
	if !out.TotalExact {
		out.Total = CountLimit
		return out, readPage(ctx, idb, p, newestFirst, func(q *bun.SelectQuery) *bun.SelectQuery { return where(q, Many) }, out)
	}
	slices.Sort(ids)
	if newestFirst {
		slices.Reverse(ids)
	}
	if afterID > 0 {
		ids = slices.DeleteFunc(ids, func(id int64) bool { return newestFirst && id >= afterID || !newestFirst && id <= afterID })
	}
	if len(ids) > p.Limit() {
		ids, out.HasNext = ids[:p.Limit()], true
	}
	if len(ids) == 0 {
		return out, nil
	}
	order := "id"
	if newestFirst {
		order = "id DESC"
	}
	if err := idb.NewSelect().Model(&out.Rows).Where("id IN (?)", bun.In(ids)).OrderExpr(order).Scan(ctx); err != nil {
		return nil, fmt.Errorf("list: %w", err)
	}
	return out, nil
}

// Phrase quotes s as an FTS5 phrase: through a trigram index, the rows holding s anywhere,
// in any case. A trigram index finds only strings of at least three characters (Searchable).
func Phrase(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// Searchable reports whether a trigram index can find s.
func Searchable(s string) bool { return utf8.RuneCountInString(s) >= 3 }

// Contains is a condition, for idb's dialect, that the text expr holds the bound argument,
// written so that no index serves it: a planner then reads along the list's order, which is
// what a page of a search that many rows match needs (Postgres, told LIKE '%…%', guesses that
// few rows match and reads them all to sort them).
func Contains(idb bun.IDB, expr string) string {
	if idb.Dialect().Name() == dialect.PG {
		return "strpos(" + expr + ", ?) > 0"
	}
	return "instr(" + expr + ", ?) > 0"
}
