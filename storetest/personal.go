package storetest

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var (
	uuidPattern     = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)
	digitRunPattern = regexp.MustCompile(`[0-9]{5,}`)
	fractionPattern = regexp.MustCompile(`[0-9]+\.[0-9]+`)
	agePattern      = regexp.MustCompile(`(?i)\b(aged|years? old)\b`)
)

// PersonalDataIn returns the parts of text (an error message, a log line) that look like
// personal data, so that a test can assert there are none. After removing UUIDs (entity
// IDs are not personal data) it reports
//   - any run of 5 or more digits: a region code, an ID or phone number, a date;
//   - any number with a fraction: a coordinate or a distance;
//   - the words "aged" and "years old", which come before a person's age;
//   - each of the given personal values that appears: a value of at most 3 characters (an
//     age) as a whole number or word, a longer one as any 4 consecutive characters of it.
func PersonalDataIn(text string, personal ...string) []string {
	text = uuidPattern.ReplaceAllString(text, "<uuid>")
	var out []string
	out = append(out, digitRunPattern.FindAllString(text, -1)...)
	out = append(out, fractionPattern.FindAllString(text, -1)...)
	out = append(out, agePattern.FindAllString(text, -1)...)
	for _, p := range personal {
		if p == "" {
			continue
		}
		if utf8.RuneCountInString(p) <= 3 {
			if containsWord(text, p) {
				out = append(out, p)
			}
			continue
		}
		r := []rune(p)
		for i := 0; i+4 <= len(r); i++ {
			if w := string(r[i : i+4]); strings.Contains(text, w) {
				out = append(out, w)
				break
			}
		}
	}
	return out
}

// RequireNoPersonalData fails t when err's text shows anything PersonalDataIn finds, given
// the personal values the input that caused it carried. A nil err fails too: the check
// is about an error that was expected.
func RequireNoPersonalData(t testing.TB, err error, personal ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want an error to check, got none")
	}
	if found := PersonalDataIn(err.Error(), personal...); len(found) > 0 {
		t.Errorf("error shows personal data %q: %v", found, err)
	}
}

// containsWord reports whether w occurs in text with no letter or digit right before or
// after it.
func containsWord(text, w string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(w)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if !wordRune(before) && !wordRune(after) {
			return true
		}
		i = start + 1
	}
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
