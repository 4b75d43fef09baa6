package wushe_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const module = "github.com/wushe/wushe"

type layer struct {
	importer string   // a directory, or a prefix ending in "/..."
	allowed  []string // the wushe directories it may import, same patterns
}

// layers says which wushe packages each package may import, by the importer's directory;
// the first rule whose pattern matches applies (see ARCHITECTURE.md and CONTRIBUTING.md).
// A package may always import its own subtree. Test files are not checked: tests may use
// memstore and the conformance suites from anywhere.
func layers() []layer {
	kernel := []string{".", "internal/..."}
	with := func(extra ...string) []string { return append(extra, kernel...) }
	return []layer{
		{".", nil},
		{"internal/scaleprobe", with("linkage", "volunteer/...", "resources/...", "evaluation")},
		{"internal/linkgen", with("linkage", "volunteer", "resources")},
		{"internal/...", kernel},
		{"storetest", []string{"."}},
		{"storecodec", []string{"."}},
		{"evaluation/evaluationtest", with("evaluation", "storetest")},
		{"volunteer/volunteertest", with("volunteer", "storetest")},
		{"resources/resourcestest", with("resources", "storetest")},
		{"linkage/linkagetest", with("linkage", "storetest")},
		{"evaluation/...", kernel},
		{"volunteer/...", kernel},
		{"resources/...", kernel},
		{"linkage/...", with("volunteer", "resources", "evaluation")},
		{"memstore/...", with("linkage", "volunteer", "resources", "evaluation")},
		{"bench/...", with("bench/...", "linkage/...", "volunteer/...", "resources/...", "evaluation/...", "memstore", "storetest")},
		{"examples/...", []string{"..."}},
	}
}

func matches(pattern, dir string) bool {
	switch {
	case pattern == "...":
		return true
	case strings.HasSuffix(pattern, "/..."):
		base := strings.TrimSuffix(pattern, "/...")
		return dir == base || strings.HasPrefix(dir, base+"/")
	}
	return pattern == dir
}

// checkImport returns "" when dir may import the wushe directory dep, else the reason.
func checkImport(dir, dep string) string {
	if dep == dir || strings.HasPrefix(dep, dir+"/") && dir != "." {
		return ""
	}
	for _, l := range layers() {
		if !matches(l.importer, dir) {
			continue
		}
		for _, a := range l.allowed {
			if matches(a, dep) {
				return ""
			}
		}
		return "layer " + l.importer + " may not import " + dep
	}
	return "no layering rule covers " + dir + "; add one to layering_test.go"
}

func TestLayering(t *testing.T) {
	checked := 0
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != "." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "adapters") {
				return filepath.SkipDir // adapters are separate modules with their own go.mod
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(p))
		for _, imp := range f.Imports {
			ip, _ := strconv.Unquote(imp.Path.Value)
			if ip != module && !strings.HasPrefix(ip, module+"/") {
				continue
			}
			dep := strings.TrimPrefix(strings.TrimPrefix(ip, module), "/")
			if dep == "" {
				dep = "."
			}
			checked++
			if why := checkImport(dir, dep); why != "" {
				t.Errorf("%s imports %s: %s", p, ip, why)
			}
		}
		return nil
	})
	require.NoError(t, err)
	t.Logf("%d wushe imports checked", checked)
}

// The rules themselves: the forbidden edges of ARCHITECTURE.md are refused.
func TestLayeringRules(t *testing.T) {
	forbidden := [][2]string{
		{".", "linkage"}, {".", "internal/match"},
		{"volunteer", "resources"}, {"resources", "volunteer"}, {"evaluation", "linkage"},
		{"evaluation", "volunteer"}, {"volunteer", "linkage"}, {"resources", "memstore"},
		{"internal/match", "linkage"}, {"linkage", "memstore"}, {"linkage", "examples/quickstart"},
		{"volunteer/volunteertest", "memstore"}, {"storetest", "linkage"}, {"unknown", "."},
	}
	for _, e := range forbidden {
		require.NotEmpty(t, checkImport(e[0], e[1]), "%s -> %s", e[0], e[1])
	}
	allowed := [][2]string{
		{"linkage", "volunteer"}, {"linkage", "evaluation"}, {"volunteer", "internal/match"},
		{"memstore", "resources"}, {"linkage/linkagetest", "storetest"}, {"linkage/linkagetest", "linkage"},
		{"examples/quickstart", "memstore"}, {"linkage", "linkage/internal/x"}, {"bench/gen", "internal/match"},
	}
	for _, e := range allowed {
		require.Empty(t, checkImport(e[0], e[1]), "%s -> %s", e[0], e[1])
	}
	_, err := os.Stat(path.Join(".", "go.mod"))
	require.NoError(t, err, "the layering test runs from the module root")
}
