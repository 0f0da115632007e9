package pyudtf

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"sync"
)

// Stream is one partition of a table function run by a long-lived python3
// process that is fed in batches: for callers (the local engine's query
// executor) that receive their input a chunk at a time and need each chunk's
// output before the next chunk arrives. Python starts once per Stream, the
// handler class is instantiated once, process is called for every row of every
// batch in order, and end_partition runs at Close, exactly as in Run.
//
// A Stream is not safe for concurrent use; run one Stream per partition.
type Stream struct {
	u      UDTF
	cmd    *exec.Cmd
	cancel context.CancelFunc
	stdin  io.WriteCloser
	dec    *json.Decoder
	stderr *tail
	sent   int   // input rows sent so far
	err    error // sticky: the first failure ends the partition
	closed bool
}

// Start starts the function's interpreter for one partition. ctx bounds the
// process's whole life: cancelling it kills Python.
func (u UDTF) Start(ctx context.Context) (*Stream, error) {
	if err := u.check(); err != nil {
		return nil, err
	}
	path, err := resolve(ctx, u.Python)
	if err != nil {
		return nil, fmt.Errorf("pyudtf: function %s: %w", u.Name, err)
	}
	procCtx, stop := context.WithCancel(ctx)
	cmd, cleanup, err := harnessCommand(procCtx, path)
	if err != nil {
		stop()
		return nil, fmt.Errorf("pyudtf: function %s: %w", u.Name, err)
	}
	// Every path that ends the stream cancels; the working directory goes with it.
	cancel := func() { stop(); cleanup() }
	stdin, err := cmd.StdinPipe()
	if err != nil {
		cancel()
		return nil, fmt.Errorf("pyudtf: function %s: %w", u.Name, err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		cancel()
		return nil, fmt.Errorf("pyudtf: function %s: %w", u.Name, err)
	}
	stderr := &tail{max: 16 << 10}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, fmt.Errorf("pyudtf: function %s: %w: %s: %v", u.Name, ErrNoPython, path, err)
	}
	s := &Stream{u: u, cmd: cmd, cancel: cancel, stdin: stdin, stderr: stderr}
	s.dec = json.NewDecoder(bufio.NewReaderSize(stdout, 64<<10))
	s.dec.UseNumber()
	header, err := u.header()
	if err == nil {
		_, err = stdin.Write(header)
	}
	if err != nil {
		s.Kill()
		return nil, fmt.Errorf("pyudtf: function %s: starting python: %w%s", u.Name, err, stderr.suffix())
	}
	return s, nil
}

// Process sends one batch of input rows (each row holds one call's arguments)
// and returns the rows process produced for them, in order. OutputRow.Input
// indexes rows of this batch. After an error the Stream is finished: Close it.
func (s *Stream) Process(rows [][]any) ([]OutputRow, error) {
	if s.err != nil {
		return nil, s.err
	}
	if s.closed {
		return nil, fmt.Errorf("pyudtf: function %s: stream is closed", s.u.Name)
	}
	if err := s.u.checkRows(rows, s.sent); err != nil {
		return nil, err
	}
	base := s.sent
	s.sent += len(rows)
	// Write from another goroutine: Python's output pipe may fill before it
	// has read the whole batch.
	var wg sync.WaitGroup
	var werr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		bw := bufio.NewWriterSize(s.stdin, 64<<10)
		if werr = writeRows(bw, rows); werr != nil {
			return
		}
		bw.WriteString(`{"flush":` + strconv.Itoa(s.sent) + "}\n")
		werr = bw.Flush()
	}()
	var out []OutputRow
	err := s.read(func(r OutputRow) { r.Input -= base; out = append(out, r) }, func(m map[string]any) (bool, error) {
		n, _ := m["rows"].(json.Number)
		if f, _ := m["flushed"].(json.Number); f.String() != strconv.Itoa(s.sent) || n.String() != strconv.Itoa(s.sent) {
			return false, fmt.Errorf("unexpected python output %v (want flushed after %d rows)", m, s.sent)
		}
		return true, nil
	})
	if err != nil {
		s.fail(err)
		wg.Wait()
		return nil, s.err
	}
	wg.Wait()
	if werr != nil {
		s.fail(fmt.Errorf("writing to python: %w", werr))
		return nil, s.err
	}
	return out, nil
}

// Close ends the partition: Python runs end_partition, whose rows are
// returned (OutputRow.Input is -1), and exits.
func (s *Stream) Close() ([]OutputRow, error) {
	if s.closed {
		return nil, s.err
	}
	s.closed = true
	defer s.cancel()
	if s.err != nil {
		s.Kill()
		return nil, s.err
	}
	s.stdin.Close()
	var out []OutputRow
	err := s.read(func(r OutputRow) { out = append(out, r) }, func(m map[string]any) (bool, error) {
		if n, _ := m["done"].(json.Number); n.String() != strconv.Itoa(s.sent) {
			return false, fmt.Errorf("unexpected python output %v (want done after %d rows)", m, s.sent)
		}
		return true, nil
	})
	werr := s.cmd.Wait()
	if err != nil {
		s.fail(err)
		return nil, s.err
	}
	if werr != nil {
		s.fail(fmt.Errorf("python: %v%s", werr, s.stderr.suffix()))
		return nil, s.err
	}
	return out, nil
}

// Kill stops Python without running end_partition.
func (s *Stream) Kill() {
	s.closed = true
	s.cancel()
	s.stdin.Close()
	s.cmd.Wait()
}

func (s *Stream) fail(err error) {
	if s.err != nil {
		return
	}
	var pe *Error
	if errors.As(err, &pe) {
		s.err = pe
	} else {
		s.err = fmt.Errorf("pyudtf: function %s: %w", s.u.Name, err)
	}
	s.cancel()
}

// read decodes Python's output until end reports the control record that
// ends the current exchange.
func (s *Stream) read(emit func(OutputRow), end func(map[string]any) (bool, error)) error {
	for {
		var msg any
		if err := s.dec.Decode(&msg); err != nil {
			if err == io.EOF || errors.Is(err, os.ErrClosed) {
				return fmt.Errorf("python exited in the middle of the partition%s", s.stderr.suffix())
			}
			return fmt.Errorf("reading python output: %w%s", err, s.stderr.suffix())
		}
		switch m := msg.(type) {
		case []any:
			row, err := s.u.decodeRow(m, s.sent)
			if err != nil {
				return err
			}
			emit(row)
		case map[string]any:
			if e, ok := m["error"].(map[string]any); ok {
				return s.u.decodeError(e)
			}
			done, err := end(m)
			if err != nil || done {
				return err
			}
		default:
			return fmt.Errorf("unexpected python output %v", m)
		}
	}
}
