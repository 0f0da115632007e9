package migrations

import (
	"context"
	"os"
	"testing"
)

// BenchmarkPrepareLake measures loading, rendering and splitting the
// embedded lake migrations: the fixed cost of every migrate command.
func BenchmarkPrepareLake(b *testing.B) {
	v, err := LoadVars(Lake(), "flurry.vars.example.yaml", nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	m, err := New(nil, Lake(), Options{Vars: v})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := m.Prepare(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpNothingToDo measures an up that finds everything applied:
// setup statements, lock, history read, release. This is what every CI run
// pays when no migration changed.
func BenchmarkUpNothingToDo(b *testing.B) {
	db := openLocal(b)
	m, err := New(db, os.DirFS(copyFixture(b, "concurrent")), Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if _, err := m.Up(ctx); err != nil {
		skipIfUnsupported(b, err)
		b.Fatal(err)
	}
	for b.Loop() {
		res, err := m.Up(ctx)
		if err != nil || len(res.Scripts) != 0 {
			b.Fatalf("%v %s", err, scriptNames(res))
		}
	}
}
