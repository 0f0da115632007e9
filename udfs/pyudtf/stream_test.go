package pyudtf_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/udfs/pyudtf"
	"github.com/google/go-cmp/cmp"
)

func TestStreamBatchesShareOnePartition(t *testing.T) {
	requirePython(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	u := pyudtf.UDTF{Name: "splitter", Handler: "Splitter", Body: splitter, Columns: []string{"word", "n"}}
	s, err := u.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Process([][]any{{"a b", " "}, {"", ","}})
	if err != nil {
		t.Fatal(err)
	}
	want := []pyudtf.OutputRow{{Input: 0, Values: []any{"a", int64(0)}}, {Input: 0, Values: []any{"b", int64(1)}}, {Input: 1, Values: []any{"", int64(0)}}}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("batch 1 (-want +got):\n%s", d)
	}
	if got, err = s.Process(nil); err != nil || len(got) != 0 {
		t.Fatalf("empty batch: %v %v", got, err)
	}
	got, err = s.Process([][]any{{"x,y", ","}})
	if err != nil {
		t.Fatal(err)
	}
	want = []pyudtf.OutputRow{{Input: 0, Values: []any{"x", int64(0)}}, {Input: 0, Values: []any{"y", int64(1)}}}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("batch 2 (-want +got):\n%s", d)
	}
	got, err = s.Close()
	if err != nil {
		t.Fatal(err)
	}
	// One handler instance saw all three rows of both batches.
	want = []pyudtf.OutputRow{{Input: -1, Values: []any{"rows seen", int64(3)}}, {Input: -1, Values: []any{"instances", int64(1)}}}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("end_partition (-want +got):\n%s", d)
	}
}

func TestStreamLargeBatch(t *testing.T) {
	requirePython(t)
	u := pyudtf.UDTF{Name: "splitter", Handler: "Splitter", Body: splitter, Columns: []string{"word", "n"}}
	s, err := u.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Kill()
	// Much more output than a pipe buffer holds, so writing and reading must overlap.
	rows := make([][]any, 20000)
	for i := range rows {
		rows[i] = []any{fmt.Sprintf("w%d %s", i, strings.Repeat("x", 100)), " "}
	}
	got, err := s.Process(rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 40000 || got[39998].Input != 19999 || got[39998].Values[0] != "w19999" {
		t.Fatalf("got %d rows, last %v", len(got), got[len(got)-1])
	}
}

func TestStreamErrorEndsPartition(t *testing.T) {
	requirePython(t)
	body := "class H:\n    def process(self, x):\n        if x == 'bad':\n            raise ValueError('boom')\n        yield (x,)\n"
	u := pyudtf.UDTF{Name: "f", Handler: "H", Body: body, Columns: []string{"x"}}
	s, err := u.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Process([][]any{{"ok"}}); err != nil {
		t.Fatal(err)
	}
	_, err = s.Process([][]any{{"ok"}, {"bad"}})
	pe := pyError(t, err)
	if pe.Type != "ValueError" || pe.Method != "process" || pe.Input != 2 || pe.Line != 4 {
		t.Fatalf("error %+v", pe)
	}
	if _, err := s.Process([][]any{{"ok"}}); err != pe {
		t.Fatalf("after failure: %v", err)
	}
	if _, err := s.Close(); err != pe {
		t.Fatalf("close after failure: %v", err)
	}
}

func TestStreamCancelKillsPython(t *testing.T) {
	requirePython(t)
	body := "import time\nclass H:\n    def process(self, x):\n        time.sleep(60)\n        yield (x,)\n"
	u := pyudtf.UDTF{Name: "f", Handler: "H", Body: body, Columns: []string{"x"}}
	ctx, cancel := context.WithCancel(context.Background())
	s, err := u.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	if _, err := s.Process([][]any{{"x"}}); err == nil {
		t.Fatal("want an error after cancel")
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("cancel took %v", d)
	}
	s.Close()
}
