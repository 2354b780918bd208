package tokens

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/page"
	"github.com/uptrace/bun"
)

// The fields a list of tokens may be sorted by.
const (
	OrderName       = "NAME"
	OrderExpiresAt  = "EXPIRES_AT"
	OrderLastUsedAt = "LAST_USED_AT"
	OrderCreatedAt  = "CREATED_AT"
)

// Order is how a list of tokens is sorted; the zero Order is newest first (CREATED_AT,
// descending). Names sort case-insensitively; no expiry sorts as the latest expiry, never
// used as the earliest use. Ties go by id, so every order is total and its cursors exact.
type Order struct {
	Field string
	Desc  bool
}

// byID reports whether o is creation order, which is id order: read by page.Select.
func (o Order) byID() bool { return o.Field == "" || o.Field == OrderCreatedAt }

func (o Order) newestFirst() bool { return o.Field == "" || o.Desc }

// column is the sorted expression, and whether its nulls sort high (as a time after all
// others) or low.
func (o Order) column() (expr string, nullsHigh bool, err error) {
	switch o.Field {
	case OrderName:
		return "lower(name)", false, nil
	case OrderExpiresAt:
		return "expires_at", true, nil
	case OrderLastUsedAt:
		return "last_used_at", false, nil
	}
	return "", false, errs.InvalidField("orderBy", "tokens cannot be sorted by %q", o.Field)
}

// Cursor is the place of t in a list in order o, for the page after it.
func (o Order) Cursor(t *db.Token) string {
	if o.byID() {
		return page.Cursor(t.ID)
	}
	var at *time.Time
	value := t.Name
	switch o.Field {
	case OrderExpiresAt:
		at = t.ExpiresAt
	case OrderLastUsedAt:
		at = t.LastUsedAt
	}
	flag := "v"
	if o.Field != OrderName {
		if at == nil {
			flag, value = "n", ""
		} else {
			value = at.UTC().Format(time.RFC3339Nano)
		}
	}
	return base64.RawURLEncoding.EncodeToString([]byte("tk:" + o.Field + ":" + flag + ":" + strconv.FormatInt(t.ID, 10) + ":" + value))
}

// place is a decoded cursor: after the row id whose sorted value is value (null: isNull).
type place struct {
	isNull bool
	value  any
	id     int64
}

var errCursor = errs.InvalidField("after", "after is not a cursor from this list in this order")

func (o Order) after(p page.Request) (*place, error) {
	if p.After == nil || *p.After == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*p.After)
	parts := strings.SplitN(string(b), ":", 5)
	if err != nil || len(parts) != 5 || parts[0] != "tk" || parts[1] != o.Field {
		return nil, errCursor
	}
	id, err := strconv.ParseInt(parts[3], 10, 64)
	if err != nil || id <= 0 {
		return nil, errCursor
	}
	pl := &place{id: id, isNull: parts[2] == "n"}
	switch {
	case parts[2] == "n" && o.Field != OrderName:
	case parts[2] != "v":
		return nil, errCursor
	case o.Field == OrderName:
		pl.value = parts[4]
	default:
		at, err := time.Parse(time.RFC3339Nano, parts[4])
		if err != nil {
			return nil, errCursor
		}
		pl.value = at.UTC()
	}
	return pl, nil
}

// listSorted reads the page p asks for of the tokens where keeps, in order o (not by id), and
// counts them up to page.CountLimit. A page is read along the order's index, in two stretches
// for a column with nulls (those with a value, then those without, or the other way round).
func (s *Service) listSorted(ctx context.Context, o Order, p page.Request, where func(*bun.SelectQuery, page.Reading) *bun.SelectQuery) (*page.Of[db.Token], error) {
	if p.First != nil && (*p.First < 1 || *p.First > page.MaxSize) {
		return nil, errs.InvalidField("first", "first must be between 1 and %d", page.MaxSize)
	}
	col, nullsHigh, err := o.column()
	if err != nil {
		return nil, err
	}
	from, err := o.after(p)
	if err != nil {
		return nil, err
	}
	total, exact, err := page.Count[db.Token](ctx, s.db, page.CountLimit, func(q *bun.SelectQuery) *bun.SelectQuery { return where(q, page.Counting) })
	if err != nil {
		return nil, fmt.Errorf("count: %w", err)
	}
	out := &page.Of[db.Token]{Rows: []db.Token{}, Total: total, TotalExact: exact}
	if total == 0 {
		return out, nil
	}
	reading := page.Few
	if !exact {
		reading = page.Many
	}
	dir, cmp := "", ">"
	if o.Desc {
		dir, cmp = " DESC", "<"
	}
	nullsFirst := o.Field != OrderName && nullsHigh == o.Desc
	// The stretches in order: true is the one with nulls.
	stretches := []bool{false}
	switch {
	case o.Field == OrderName:
	case nullsFirst:
		stretches = []bool{true, false}
	default:
		stretches = []bool{false, true}
	}
	want := p.Limit() + 1
	for _, nulls := range stretches {
		if from != nil && from.isNull != nulls {
			if nulls == nullsFirst {
				continue // the cursor is past this stretch
			}
			from = nil // the cursor was in the stretch before: this one reads from its start
		}
		var rows []db.Token
		q := where(s.db.NewSelect().Model(&rows), reading).Limit(int64(want - len(out.Rows)))
		switch {
		case nulls:
			q = q.Where(col + " IS NULL").OrderExpr("id" + dir)
			if from != nil {
				q = q.Where("id "+cmp+" ?", from.id)
			}
		case o.Field == OrderName:
			// Names are unique in any case: the name alone places a row.
			q = q.OrderExpr(col + dir)
			if from != nil {
				q = q.Where(col+" "+cmp+" lower(?)", from.value)
			}
		default:
			q = q.Where(col + " IS NOT NULL").OrderExpr(col + dir).OrderExpr("id" + dir)
			if from != nil {
				q = q.Where("("+col+", id) "+cmp+" (?, ?)", from.value, from.id)
			}
		}
		if err := q.Scan(ctx); err != nil {
			return nil, fmt.Errorf("list: %w", err)
		}
		out.Rows = append(out.Rows, rows...)
		from = nil
		if len(out.Rows) >= want {
			break
		}
	}
	if len(out.Rows) > p.Limit() {
		out.Rows, out.HasNext = out.Rows[:p.Limit()], true
	}
	return out, nil
}
