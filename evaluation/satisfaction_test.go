package evaluation

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// 10 invited; q1 answered by 8: 5,5,4,4,4,3,2,1 → mean 28/8 = 3.5, top-two-box 5/8 = 0.625;
// q2 answered by 4: 5,5,5,1 → mean 4, top two 0.75. Response rate = 8/10 = 0.8.
// Overall: 12 answers summing 44 → 3.6667, top two 8/12 = 0.6667.
func TestSurveyHandComputed(t *testing.T) {
	s := Survey{Name: "2026 residents", Invitations: 10, Questions: []Question{
		{Code: "q1", Text: "Overall", Responses: []int{5, 5, 4, 4, 4, 3, 2, 1}},
		{Code: "q2", Text: "Timeliness", Responses: []int{5, 5, 5, 1}},
	}}
	r, err := s.Summarize()
	require.NoError(t, err)
	require.Equal(t, 1, r.ScaleMin)
	require.Equal(t, 5, r.ScaleMax)
	requireDec(t, "0.8", r.ResponseRate)
	q1 := r.Questions[0]
	requireDec(t, "3.5", q1.Mean)
	requireDec(t, "0.625", q1.TopTwoBox)
	require.Equal(t, []int{1, 1, 1, 3, 2}, q1.Distribution)
	requireDec(t, "0.8", q1.ResponseRate)
	requireDec(t, "0.4", r.Questions[1].ResponseRate)
	requireDec(t, "4", r.Questions[1].Mean)
	requireDec(t, "3.6667", r.Overall.Mean)
	requireDec(t, "0.6667", r.Overall.TopTwoBox)
	require.Equal(t, 12, r.Overall.Responses)

	o, err := r.Observation(org, year26, "survey", t0)
	require.NoError(t, err)
	require.Equal(t, CodeSatisfaction, o.Indicator)
	requireDec(t, "3.6667", o.Value)
	_, err = r.Observation(Scope{}, year26, "survey", t0)
	requireField(t, err, "Scope.Kind")

	b, _ := json.Marshal(r)
	var back SurveyResult
	require.NoError(t, json.Unmarshal(b, &back))
	b2, _ := json.Marshal(back)
	require.Equal(t, string(b), string(b2))
}

func TestSurveyEmptyAnswers(t *testing.T) {
	s := Survey{Name: "n", ScaleMin: 0, ScaleMax: 10, Invitations: 3, Questions: []Question{{Code: "nps", Text: "t"}}}
	r, err := s.Summarize()
	require.NoError(t, err)
	require.Len(t, r.Questions[0].Distribution, 11)
	requireDec(t, "0", r.Overall.Mean)
	requireDec(t, "0", r.ResponseRate)
	_, err = r.Observation(org, year26, "survey", t0)
	require.Error(t, err)
}

func TestSurveyValidate(t *testing.T) {
	err := Survey{ScaleMin: 1, ScaleMax: 20, Questions: []Question{
		{Code: "q", Responses: []int{1}}, {Code: "q", Responses: []int{0, 1}}, {Code: "Bad"},
	}}.Validate()
	for _, f := range []string{"Name", "ScaleMax", "Invitations", "Questions[1].Code", "Questions[2].Code",
		"Questions[0].Responses", "Questions[1].Responses"} {
		requireField(t, err, f)
	}
	requireField(t, Survey{Name: "x", Invitations: 1}.Validate(), "Questions")
	_, err = Survey{Name: "x", Invitations: 1, Questions: []Question{{Code: "q", Responses: []int{9}}}}.Summarize()
	requireField(t, err, "Questions[0].Responses[0]")
}

// Property: the mean lies on the scale, the distribution sums to the answers, and the
// top-two-box share is between 0 and 1.
func TestSurveyProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for i := 0; i < 200; i++ {
		n := 1 + rng.IntN(30)
		q := Question{Code: "q"}
		for j := 0; j < rng.IntN(n+1); j++ {
			q.Responses = append(q.Responses, 1+rng.IntN(5))
		}
		r, err := Survey{Name: "p", Invitations: n, Questions: []Question{q}}.Summarize()
		require.NoError(t, err)
		sum := 0
		for _, c := range r.Questions[0].Distribution {
			sum += c
		}
		require.Equal(t, len(q.Responses), sum)
		if len(q.Responses) > 0 {
			require.True(t, r.Overall.Mean.GreaterThanOrEqual(d(1)) && r.Overall.Mean.LessThanOrEqual(d(5)))
		}
		require.True(t, r.Overall.TopTwoBox.LessThanOrEqual(d(1)) && !r.Overall.TopTwoBox.IsNegative())
		require.True(t, r.ResponseRate.LessThanOrEqual(d(1)))
	}
}

func FuzzSurveyJSON(f *testing.F) {
	f.Add([]byte(`{"name":"s","invitations":3,"questions":[{"code":"q","responses":[1,5,3]}]}`))
	f.Add([]byte(`{"name":"s","scale_min":-3,"scale_max":3,"invitations":1,"questions":[{"code":"q","responses":[-3]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var s Survey
		if json.Unmarshal(data, &s) != nil {
			return
		}
		r, err := s.Summarize()
		if err != nil {
			return
		}
		require.True(t, r.ResponseRate.LessThanOrEqual(d(1)))
	})
}
