package tokens

import (
	"slices"
	"testing"
)

// The feed collects what a subscriber has not read yet, turns too much into a flush, and
// lets subscribers go while the process may be missing changes.
func TestFeed(t *testing.T) {
	c := NewCache(0, 0, 10)
	f := c.Feed()
	s, ok := f.Subscribe()
	if !ok {
		t.Fatal("a new feed refuses subscribers")
	}
	c.Drop(7)
	c.Drop(SignInKey(3))
	c.Invalidate(8)
	select {
	case <-s.Ready:
	default:
		t.Fatal("not signalled")
	}
	if got := s.Take(); !slices.Equal(got.Tokens, []int64{7, 8}) || !slices.Equal(got.SignIns, []int64{3}) || got.Flush {
		t.Fatalf("pending %+v", got)
	}
	if got := s.Take(); !got.Empty() {
		t.Fatalf("taken twice: %+v", got)
	}

	// A subscriber that falls behind is told to forget everything.
	for i := range maxPending + 1 {
		c.Drop(int64(i + 1))
	}
	if got := s.Take(); !got.Flush || len(got.Tokens) != 0 {
		t.Fatalf("behind: flush %v, %d ids", got.Flush, len(got.Tokens))
	}
	c.InvalidateAll()
	c.Drop(5)
	if got := s.Take(); !got.Flush || len(got.Tokens) != 0 {
		t.Fatalf("a flush absorbs what follows it: %+v", got)
	}

	// Deaf: subscribers go, new ones are refused until it hears again.
	c.Hears(false)
	select {
	case <-s.Gone:
	default:
		t.Fatal("still following a deaf feed")
	}
	if _, ok := f.Subscribe(); ok || f.Subscribers() != 0 {
		t.Fatal("a deaf feed takes subscribers")
	}
	c.Hears(true)
	s2, ok := f.Subscribe()
	if !ok {
		t.Fatal("refused after hearing again")
	}
	s2.Close()
	if f.Subscribers() != 0 {
		t.Fatal("a closed subscription stays")
	}
	f.Close()
	c.Hears(true)
	if _, ok := f.Subscribe(); ok {
		t.Fatal("a closed feed takes subscribers")
	}
}
