// Package errs defines the kinds of error that Keyward's domain packages return and that the
// GraphQL and HTTP layers turn into codes: invalid input (naming the field), not found,
// conflict, forbidden and unauthenticated. Any other error is internal.
package errs

import (
	"errors"
	"fmt"
)

// Kind classifies an Error.
type Kind int

// The kinds of error.
const (
	Invalid Kind = iota + 1
	NotFound
	Conflict
	Forbidden
	Unauthenticated
)

// Error is an error a user may see: its Message is safe to show and Field, when set, names
// the input field at fault.
type Error struct {
	Kind    Kind
	Field   string
	Message string
	// Unnamed marks a bad value whose field only the caller knows (a GraphQL scalar that
	// does not parse): the GraphQL layer names the field and puts it before Message.
	Unnamed bool
}

func (e *Error) Error() string { return e.Message }

// InvalidField reports bad input in one field.
func InvalidField(field, format string, args ...any) error {
	return &Error{Kind: Invalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// BadValue reports a value that does not parse, for the field it was given for: "is not a
// valid id" becomes "id is not a valid id" once the GraphQL layer names it.
func BadValue(message string) error {
	return &Error{Kind: Invalid, Message: message, Unnamed: true}
}

// NotFoundf reports that the thing asked for does not exist (or is not visible).
func NotFoundf(format string, args ...any) error {
	return &Error{Kind: NotFound, Message: fmt.Sprintf(format, args...)}
}

// ConflictField reports a clash with the current state, naming the field at fault ("" for none).
func ConflictField(field, format string, args ...any) error {
	return &Error{Kind: Conflict, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Forbiddenf reports an action the caller may not take.
func Forbiddenf(format string, args ...any) error {
	return &Error{Kind: Forbidden, Message: fmt.Sprintf(format, args...)}
}

// Unauthenticatedf reports a missing or failed sign-in.
func Unauthenticatedf(format string, args ...any) error {
	return &Error{Kind: Unauthenticated, Message: fmt.Sprintf(format, args...)}
}

// As returns the *Error inside err, or nil when err is internal.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// Is reports whether err is an *Error of kind k.
func Is(err error, k Kind) bool {
	e := As(err)
	return e != nil && e.Kind == k
}
