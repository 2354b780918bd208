package graph

import (
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

func TestDepthLeavesOutIntrospection(t *testing.T) {
	nest := func(n int) string { return strings.Repeat("{ a ", n) + "{ b }" + strings.Repeat(" }", n) }
	cases := []struct {
		query       string
		depth       int
		introspects bool
	}{
		{"{ a }", 1, false},
		{"{ a { b { c } } d }", 3, false},
		{nest(12), 13, false},
		{"{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }", 0, true},
		{"{ me { id } __type(name: \"Token\") { fields { name } } }", 2, true},
		{"query { ...F } fragment F on Query { a { b } }", 2, false},
		{"{ a { ... on A { b { c } } } }", 3, false},
	}
	for _, c := range cases {
		doc, err := parser.ParseQuery(&ast.Source{Input: c.query})
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		d, in := depth(doc.Operations[0].SelectionSet, doc.Fragments, 0, map[string]bool{})
		if d != c.depth || in != c.introspects {
			t.Errorf("%s: depth %d, introspects %v; want %d, %v", c.query, d, in, c.depth, c.introspects)
		}
	}
}
