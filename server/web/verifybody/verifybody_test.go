package verifybody

import "testing"

var verifyBodies = []string{
	`{"token":"kw_abc","ip":"203.0.113.45","permission":"clients:read"}`,
	` { "permission" : "a:b" , "token":"t" } `,
	"{\n\t\"token\": \"t\"\r\n}\n",
	`{}`,
	`{"token":""}`,
	`{"token":"a\"b"}`,
	`{"token":"\u006bw"}`,
	`{"token":"é"}`,
	`{"TOKEN":"t"}`,
	`{"Token":"t","token":"u"}`,
	`{"token":"t","token":"u"}`,
	`{"token":null}`,
	`{"token":1}`,
	`{"token":"t","extra":"x"}`,
	`{"token":"t"} {"token":"u"}`,
	`{"token":"t"}x`,
	`{"token":"t",}`,
	`{"token" "t"}`,
	`{"token":"t"`,
	`["token"]`,
	``,
	`{"token":"a<b>&"}`,
}

// The fast path decodes exactly as encoding/json would, or leaves the body to it.
func TestDecodeVerifyFastAgreesWithEncodingJSON(t *testing.T) {
	fast := 0
	for _, body := range verifyBodies {
		var got Request
		if !decodeFast([]byte(body), &got) {
			continue
		}
		fast++
		want, err := decodeSlow([]byte(body))
		if err != nil || got != want {
			t.Errorf("%q: fast path decoded %+v; encoding/json %+v, %v", body, got, want, err)
		}
	}
	if fast != 6 {
		t.Errorf("the fast path took %d of the bodies, want the 6 plain ones", fast)
	}
}

func FuzzDecodeVerifyFast(f *testing.F) {
	for _, b := range verifyBodies {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var got Request
		if !decodeFast(body, &got) {
			return
		}
		want, err := decodeSlow(body)
		if err != nil || got != want {
			t.Fatalf("%q: fast path decoded %+v; encoding/json %+v, %v", body, got, want, err)
		}
	})
}
