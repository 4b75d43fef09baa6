package resources

import (
	"strings"

	"github.com/wushe/wushe"
)

// CreditCode is a unified social credit code (统一社会信用代码, GB 32100-2015): 18
// characters from the 31-character set "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, S, V,
// Z):
//
//	position 1      registration authority (5 = civil affairs, 9 = market regulation ...)
//	position 2      organisation type under that authority (5-3 = foundation, 9-1 = enterprise)
//	positions 3-8   administrative division code of the registering authority
//	positions 9-17  organisation code (GB 11714-1997): 8 characters and their check character
//	position 18     check character over positions 1-17
//
// The final check character uses the weights 3^(i-1) mod 31 (1, 3, 9, 27, 19, 26, 16, 17,
// 20, 29, 25, 13, 8, 24, 10, 30, 28): c18 = 31 - (Σ value × weight mod 31), 31 becoming 0.
// The organisation code's check character uses the GB 11714 weights 3, 7, 9, 10, 5, 8, 4,
// 2 with letters valued A=10 ... Z=35: c9 = 11 - (Σ mod 11), 10 written X and 11 written 0.
//
// A credit code identifies an organisation and is public; it is not personal data.
type CreditCode string

// creditCharset is GB 32100's character set; a character's value is its index.
const creditCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditWeights are 3^(i-1) mod 31 for positions 1-17.
var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// orgWeights are GB 11714's weights for the 8 body characters of an organisation code.
var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// creditTypes maps each registration authority code of GB 32100-2015 Table 1 (with the
// later additions A and N) to the organisation type codes it may issue.
var creditTypes = map[byte]string{
	'1': "1239", // 机构编制: organs, public institutions, mass organisations, other
	'2': "19",   // 外交
	'3': "123459",
	'4': "19",   // 文化
	'5': "1239", // 民政: social groups, private non-enterprise units, foundations, other
	'6': "129",  // 旅游
	'7': "129",  // 宗教
	'8': "19",   // 工会
	'9': "123",  // 工商/市场监管: enterprises, individual businesses, farmers' co-operatives
	'A': "19",   // 中央军委改革和编制办公室
	'N': "1239", // 农业: group-, village-, township-level collective economic organisations
	'Y': "1",    // 其他
}

// ParseCreditCode validates s as a unified social credit code and returns it. Lower-case
// letters and surrounding space are accepted and normalised. The error, of kind invalid
// and naming the field CreditCode, says which rule failed: length, character set,
// registration authority, type, region code, organisation-code check or final check.
func ParseCreditCode(s string) (CreditCode, error) {
	const entity, field = "CreditCode", "CreditCode"
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) != 18 {
		return "", wushe.Invalid(entity, field, "has %d bytes, want 18 characters", len(s))
	}
	vals := make([]int, 18)
	for i := 0; i < 18; i++ {
		v := strings.IndexByte(creditCharset, s[i])
		if v < 0 {
			return "", wushe.Invalid(entity, field, "character %d is %q, not in the GB 32100 character set", i+1, rune(s[i]))
		}
		vals[i] = v
	}
	types, ok := creditTypes[s[0]]
	if !ok {
		return "", wushe.Invalid(entity, field, "registration authority code %q is not assigned", rune(s[0]))
	}
	if !strings.ContainsRune(types, rune(s[1])) {
		return "", wushe.Invalid(entity, field, "type code %q is not assigned under authority %q", rune(s[1]), rune(s[0]))
	}
	for i := 2; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", wushe.Invalid(entity, field, "character %d is %q; the region code (3-8) is 6 digits", i+1, rune(s[i]))
		}
	}
	if s[2:8] == "000000" {
		return "", wushe.Invalid(entity, field, "region code 000000 is not an administrative division")
	}
	if want := orgCheck(s[8:16]); s[16] != want {
		return "", wushe.Invalid(entity, field, "organisation code check character is %q, want %q", rune(s[16]), rune(want))
	}
	if want := creditCheck(vals[:17]); s[17] != want {
		return "", wushe.Invalid(entity, field, "check character is %q, want %q", rune(s[17]), rune(want))
	}
	return CreditCode(s), nil
}

// creditCheck computes GB 32100's final check character from the values of positions 1-17.
func creditCheck(vals []int) byte {
	sum := 0
	for i, v := range vals {
		sum += v * creditWeights[i]
	}
	c := 31 - sum%31
	if c == 31 {
		c = 0
	}
	return creditCharset[c]
}

// orgCheck computes GB 11714's check character of an 8-character organisation code body.
func orgCheck(body string) byte {
	sum := 0
	for i := 0; i < 8; i++ {
		c := body[i]
		v := int(c - '0')
		if c >= 'A' && c <= 'Z' {
			v = int(c-'A') + 10
		}
		sum += v * orgWeights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

// CompleteCreditCode appends both check characters to a 16-character prefix (authority,
// type, region, and the 8-character organisation code body) and validates the result. It
// is how a test or a data generator makes a valid code.
func CompleteCreditCode(prefix16 string) (CreditCode, error) {
	p := strings.ToUpper(prefix16)
	if len(p) != 16 {
		return "", wushe.Invalid("CreditCode", "CreditCode", "prefix has %d bytes, want 16", len(p))
	}
	for i := 0; i < 16; i++ {
		if strings.IndexByte(creditCharset, p[i]) < 0 {
			return "", wushe.Invalid("CreditCode", "CreditCode", "character %d is %q, not in the GB 32100 character set", i+1, rune(p[i]))
		}
	}
	s17 := p + string(orgCheck(p[8:16]))
	vals := make([]int, 17)
	for i := range vals {
		vals[i] = strings.IndexByte(creditCharset, s17[i])
	}
	return ParseCreditCode(s17 + string(creditCheck(vals)))
}

// Authority returns the registration authority code (position 1), or 0 for an empty code.
func (c CreditCode) Authority() byte {
	if len(c) < 1 {
		return 0
	}
	return c[0]
}

// Region returns the 6-digit administrative division code (positions 3-8).
func (c CreditCode) Region() string {
	if len(c) < 8 {
		return ""
	}
	return string(c[2:8])
}

// OrganizationCode returns the embedded GB 11714 organisation code, "XXXXXXXX-X".
func (c CreditCode) OrganizationCode() string {
	if len(c) < 17 {
		return ""
	}
	return string(c[8:16]) + "-" + string(c[16])
}
