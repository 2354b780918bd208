package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"
)

//go:embed templates
var templateFS embed.FS

var funcs = map[string]any{
	// date shows a time as the console does: DD/MM/YYYY HH:MM with the zone stated.
	"date": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			return v.UTC().Format("02/01/2006 15:04 UTC")
		case *time.Time:
			if v == nil {
				return "never"
			}
			return v.UTC().Format("02/01/2006 15:04 UTC")
		}
		return fmt.Sprint(t)
	},
	"join": strings.Join,
}

var (
	htmlT = htmltemplate.Must(htmltemplate.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.html"))
	textT = texttemplate.Must(texttemplate.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.txt"))
)

// Render builds the message named name (a pair of templates, name.txt with a "subject"
// block and name.html) for data, addressed to to.
func Render(name string, data any, to ...string) (*Message, error) {
	var subject, text, html bytes.Buffer
	if err := textT.ExecuteTemplate(&subject, name+".subject", data); err != nil {
		return nil, fmt.Errorf("mail: render %s subject: %w", name, err)
	}
	if err := textT.ExecuteTemplate(&text, name+".txt", data); err != nil {
		return nil, fmt.Errorf("mail: render %s text: %w", name, err)
	}
	if err := htmlT.ExecuteTemplate(&html, name+".html", data); err != nil {
		return nil, fmt.Errorf("mail: render %s html: %w", name, err)
	}
	return &Message{To: to, Subject: strings.Join(strings.Fields(subject.String()), " "), Text: text.String(), HTML: html.String()}, nil
}

// Fact is one labelled line of an email's summary table.
type Fact struct{ Label, Value string }

// Button is an email's call to action.
type Button struct{ URL, Label string }
