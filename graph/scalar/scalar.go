// Package scalar marshals Keyward's row ids (int64) as GraphQL IDs and instants as RFC 3339
// times. A value that does not parse is bad input (errs.BadValue), which the error presenter
// names after the field it was given for.
package scalar

import (
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/keyward/keyward/server/errs"
)

// MarshalInt64ID writes a row id as an ID string.
func MarshalInt64ID(id int64) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(strconv.FormatInt(id, 10)))
	})
}

// UnmarshalInt64ID reads an ID string as a row id.
func UnmarshalInt64ID(v any) (int64, error) {
	switch v := v.(type) {
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return 0, errs.BadValue("is not a valid id")
		}
		return n, nil
	case int64:
		return v, nil
	case int:
		return int64(v), nil
	default:
		return 0, errs.BadValue("is not a valid id")
	}
}

// MarshalTime writes an instant as RFC 3339 (with fractions of a second when it has them).
func MarshalTime(t time.Time) graphql.Marshaler {
	if t.IsZero() {
		return graphql.Null
	}
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(t.Format(time.RFC3339Nano)))
	})
}

// UnmarshalTime reads an RFC 3339 time (2026-03-01T09:00:00Z, or with an offset).
func UnmarshalTime(v any) (time.Time, error) {
	if s, ok := v.(string); ok {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errs.BadValue("must be an RFC 3339 time, like 2026-03-01T09:00:00Z")
}
