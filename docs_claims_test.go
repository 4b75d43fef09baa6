package wushe_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// minExamples is how many runnable Examples (with an Output comment) every package a host
// imports must have: its main tasks, shown in code that the tests run.
const minExamples = 3

// examplePackages lists, by slash path from the repository root, the packages a host
// imports, in both modules: every directory holding a non-main package, except examples/
// (programs that teach by running), internal/ (not importable), cmd/ (commands), bench/
// (the measuring tools) and testdata.
func examplePackages(t *testing.T) []string {
	t.Helper()
	skip := map[string]bool{"examples": true, "internal": true, "cmd": true, "bench": true, "testdata": true}
	var dirs []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if path != "." && (skip[d.Name()] || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
			return filepath.SkipDir
		}
		name, ok := packageName(t, path)
		if ok && name != "main" {
			dirs = append(dirs, filepath.ToSlash(path))
		}
		return nil
	})
	require.NoError(t, err)
	return dirs
}

// packageName is the package of dir's non-test Go files, and whether it has any.
func packageName(t *testing.T, dir string) (string, bool) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	require.NoError(t, err)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.PackageClauseOnly)
		require.NoError(t, err)
		return file.Name.Name, true
	}
	return "", false
}

// runnableExamples lists the Example functions in dir's test files that `go test` runs:
// those with an "Output:" comment in their body, sorted by name.
func runnableExamples(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	require.NoError(t, err)
	var names []string
	for _, f := range files {
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, f, nil, parser.ParseComments)
		require.NoError(t, err, "parsing %s", f)
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Example") || fn.Body == nil ||
				fn.Type.Params.NumFields() > 0 {
				continue
			}
			for _, cg := range file.Comments {
				if cg.Pos() > fn.Body.Lbrace && cg.End() < fn.Body.Rbrace && hasOutput(cg) {
					names = append(names, fn.Name.Name)
					break
				}
			}
		}
	}
	slices.Sort(names)
	return names
}

func hasOutput(cg *ast.CommentGroup) bool {
	text := strings.TrimSpace(cg.Text())
	return strings.HasPrefix(text, "Output:") || strings.HasPrefix(text, "Unordered output:")
}

// TestEveryPackageHasRunnableExamples holds the docs to their promise: each package a host
// imports shows at least three of its tasks as Examples that `go test` runs and checks.
func TestEveryPackageHasRunnableExamples(t *testing.T) {
	pkgs := examplePackages(t)
	for _, want := range []string{".", "linkage", "volunteer", "resources", "evaluation", "memstore",
		"storecodec", "storetest", "linkage/linkagetest", "adapters/sqlstore"} {
		require.Contains(t, pkgs, want, "the walk missed a package")
	}
	for _, dir := range pkgs {
		got := runnableExamples(t, dir)
		require.GreaterOrEqual(t, len(got), minExamples,
			"package %s has %d runnable Examples (%v); write at least %d, each with an // Output: comment",
			dir, len(got), got, minExamples)
	}
}

// TestRunnableExamplesAreFound checks the counting itself on a file written for it: an
// Example without an Output comment, a method and a helper are not counted.
func TestRunnableExamplesAreFound(t *testing.T) {
	dir := t.TempDir()
	src := `package p_test

import "fmt"

func ExampleA() {
	fmt.Println(1)
	// Output: 1
}

func ExampleB_second() {
	fmt.Println(2)
	// Unordered output:
	// 2
}

// Output: outside a body does not count.
func ExampleC() {
	fmt.Println(3)
}

type T struct{}

func (T) ExampleD() {
	// Output:
}

func ExampleE(x int) {
	// Output:
}
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "p_test.go"), []byte(src), 0o644))
	require.Equal(t, []string{"ExampleA", "ExampleB_second"}, runnableExamples(t, dir))
}

var readmeExampleRow = regexp.MustCompile("^\\| `([a-z0-9./]+)` \\|(.*)\\|\\s*$")
var exampleName = regexp.MustCompile("`(Example[A-Za-z0-9_]*)`")

// TestREADMEListsGodocExamples checks the README's table of godoc Examples: every package
// a host imports has a row, and every Example a row names exists and runs.
func TestREADMEListsGodocExamples(t *testing.T) {
	b, err := os.ReadFile("README.md")
	require.NoError(t, err)
	const head = "### Godoc Examples"
	text := string(b)
	start := strings.Index(text, head)
	require.GreaterOrEqual(t, start, 0, "README.md has no %q section", head)
	section := text[start+len(head):]
	if end := strings.Index(section, "\n#"); end >= 0 {
		section = section[:end]
	}
	listed := map[string][]string{}
	for _, line := range strings.Split(section, "\n") {
		m := readmeExampleRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		for _, n := range exampleName.FindAllStringSubmatch(m[2], -1) {
			listed[m[1]] = append(listed[m[1]], n[1])
		}
	}
	for _, dir := range examplePackages(t) {
		row := dir
		if dir == "." {
			row = "wushe"
		}
		names, ok := listed[row]
		require.True(t, ok, "README.md's %q table has no row for %s", head, row)
		have := runnableExamples(t, dir)
		for _, n := range names {
			require.Contains(t, have, n, "README.md lists %s in %s, which has no such runnable Example", n, row)
		}
		delete(listed, row)
	}
	require.Empty(t, listed, "README.md lists Examples of packages that are not there")
}
