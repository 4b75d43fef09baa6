package evaluation

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// Survey is a Likert satisfaction survey: every question is answered on the same scale,
// ScaleMin (worst) to ScaleMax (best). Responses hold no personal data: only the answers.
type Survey struct {
	// Name identifies the survey.
	Name string `json:"name"`
	// ScaleMin and ScaleMax bound the scale; both zero mean 1..5.
	ScaleMin int `json:"scale_min"`
	ScaleMax int `json:"scale_max"`
	// Invitations is how many people were asked to answer.
	Invitations int `json:"invitations"`
	// Questions are the questions with their answers.
	Questions []Question `json:"questions"`
}

// Question is one Likert question and the answers given to it.
type Question struct {
	// Code identifies the question in the survey.
	Code string `json:"code"`
	// Text is the question as asked.
	Text string `json:"text"`
	// Responses are the answers, each on the survey's scale; skipped answers are absent.
	Responses []int `json:"responses"`
}

func (s Survey) scale() (int, int) {
	if s.ScaleMin == 0 && s.ScaleMax == 0 {
		return 1, 5
	}
	return s.ScaleMin, s.ScaleMax
}

// Validate reports every problem: an empty or oversized scale (more than 11 points),
// answers off the scale, more answers to a question than invitations.
func (s Survey) Validate() error {
	p := wushe.Check("Survey")
	if !p.CheckValues(s) {
		return p.Err()
	}
	p.Require(strings.TrimSpace(s.Name) != "", "Name", "is required")
	lo, hi := s.scale()
	if lo >= hi || hi-lo > 10 || hi-lo < 0 { // hi-lo < 0: overflow
		p.Addf("ScaleMax", "scale %d..%d must have 2 to 11 points", lo, hi)
	}
	p.Require(s.Invitations > 0, "Invitations", "must be positive")
	p.Require(len(s.Questions) > 0, "Questions", "at least one question is required")
	codes := map[string]bool{}
	for i, q := range s.Questions {
		f := wushe.Index("Questions", i)
		if msg := validCode(q.Code); msg != "" {
			p.Addf(f+".Code", "%s", msg)
		} else if codes[q.Code] {
			p.Addf(f+".Code", "code %s appears twice", q.Code)
		}
		codes[q.Code] = true
		if len(q.Responses) > s.Invitations {
			p.Addf(f+".Responses", "%d answers for %d invitations", len(q.Responses), s.Invitations)
		}
		for j, r := range q.Responses {
			if r < lo || r > hi {
				p.Addf(f+"."+wushe.Index("Responses", j), "%d is off the scale %d..%d", r, lo, hi)
				break
			}
		}
	}
	return p.Err()
}

// QuestionResult summarises the answers to one question (or, for the overall line, to all).
type QuestionResult struct {
	// Code and Text are the question's ("overall" for the pooled line).
	Code string `json:"code"`
	Text string `json:"text"`
	// Responses is the number of answers.
	Responses int `json:"responses"`
	// ResponseRate is Responses ÷ Invitations, 4 decimal places.
	ResponseRate decimal.Decimal `json:"response_rate"`
	// Mean is the mean answer, 4 decimal places; zero when nobody answered.
	Mean decimal.Decimal `json:"mean"`
	// TopTwoBox is the share of answers in the two best points of the scale, 4 places.
	TopTwoBox decimal.Decimal `json:"top_two_box"`
	// Distribution counts the answers per scale point, from ScaleMin up.
	Distribution []int `json:"distribution"`
}

// SurveyResult summarises a survey.
type SurveyResult struct {
	// Name is the survey's; ScaleMin and ScaleMax the scale used.
	Name     string `json:"name"`
	ScaleMin int    `json:"scale_min"`
	ScaleMax int    `json:"scale_max"`
	// ResponseRate is the response rate of the most-answered question: the share of those
	// invited who answered at least that one question (answers are not linked to people).
	ResponseRate decimal.Decimal `json:"response_rate"`
	// Questions summarise each question, in the survey's order.
	Questions []QuestionResult `json:"questions"`
	// Overall pools every answer to every question.
	Overall QuestionResult `json:"overall"`
}

// Summarize computes response rates, means, top-two-box shares and distributions.
// Rounding is half away from zero to 4 decimal places.
func (s Survey) Summarize() (SurveyResult, error) {
	if err := s.Validate(); err != nil {
		return SurveyResult{}, wushe.WithOp("evaluation.Survey.Summarize", err)
	}
	lo, hi := s.scale()
	res := SurveyResult{Name: s.Name, ScaleMin: lo, ScaleMax: hi}
	inv := decimal.NewFromInt(int64(s.Invitations))
	summarize := func(code, text string, answers []int) QuestionResult {
		q := QuestionResult{Code: code, Text: text, Responses: len(answers), Distribution: make([]int, hi-lo+1),
			Mean: decimal.Zero, TopTwoBox: decimal.Zero}
		sum, top := 0, 0
		for _, a := range answers {
			q.Distribution[a-lo]++
			sum += a
			if a >= hi-1 {
				top++
			}
		}
		if n := int64(len(answers)); n > 0 {
			q.Mean = decimal.NewFromInt(int64(sum)).DivRound(decimal.NewFromInt(n), 4)
			q.TopTwoBox = decimal.NewFromInt(int64(top)).DivRound(decimal.NewFromInt(n), 4)
		}
		return q
	}
	var all []int
	most := 0
	for _, q := range s.Questions {
		qr := summarize(q.Code, q.Text, q.Responses)
		qr.ResponseRate = decimal.NewFromInt(int64(len(q.Responses))).DivRound(inv, 4)
		res.Questions = append(res.Questions, qr)
		all = append(all, q.Responses...)
		most = max(most, len(q.Responses))
	}
	res.ResponseRate = decimal.NewFromInt(int64(most)).DivRound(inv, 4)
	res.Overall = summarize("overall", "All questions", all)
	res.Overall.ResponseRate = res.ResponseRate
	return res, nil
}

// Observation returns the overall mean as an observation of the satisfaction indicator
// (CodeSatisfaction), ready for a rubric's LikertMean leaf. It fails when nobody answered.
func (r SurveyResult) Observation(scope Scope, period wushe.Window, source string, recordedAt time.Time) (Observation, error) {
	o := Observation{Indicator: CodeSatisfaction, Value: r.Overall.Mean, Period: period, Scope: scope,
		Source: source, RecordedAt: recordedAt, Note: "survey " + r.Name}
	if r.Overall.Responses == 0 {
		return Observation{}, &wushe.Error{Op: "evaluation.SurveyResult.Observation", Kind: wushe.KindInsufficient,
			Entity: "Survey", ID: r.Name, Field: "Responses", Msg: "nobody answered: there is no mean to observe"}
	}
	if err := o.Validate(); err != nil {
		return Observation{}, wushe.WithOp("evaluation.SurveyResult.Observation", err)
	}
	return o, nil
}
