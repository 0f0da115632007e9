package shipper

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// progress tracks a backfill (Once mode): bytes to read and read.
type progress struct {
	total atomic.Int64
	read  atomic.Int64
}

// start draws a progress bar on w every 250ms until the returned stop
// function is called. With w nil it draws on standard error, and only when
// that is a terminal.
func (p *progress) start(w io.Writer, uploaders map[string]*uploader) (stop func()) {
	if w == nil {
		if !isTerminal(os.Stderr) {
			return func() {}
		}
		w = os.Stderr
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	began := time.Now()
	draw := func(final bool) {
		left := 0
		for _, u := range uploaders {
			left += u.left()
		}
		total, read := p.total.Load(), p.read.Load()
		frac := 1.0
		if total > 0 {
			frac = min(float64(read)/float64(total), 1)
		}
		const width = 30
		bar := strings.Repeat("=", int(frac*width)) + strings.Repeat(" ", width-int(frac*width))
		rate := float64(read) / max(time.Since(began).Seconds(), 0.001)
		end := ""
		if final {
			end = "\n"
		}
		fmt.Fprintf(w, "\r[%s] %5.1f%% %s/%s %s/s, %d chunks to upload %s", bar, 100*frac, human(read), human(total), human(int64(rate)), left, end)
	}
	go func() {
		defer wg.Done()
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				draw(true)
				return
			case <-t.C:
				draw(false)
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

func human(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	f := float64(n)
	for _, u := range []string{"KiB", "MiB", "GiB", "TiB"} {
		f /= unit
		if f < unit {
			return fmt.Sprintf("%.1f %s", f, u)
		}
	}
	return fmt.Sprintf("%.1f PiB", f/unit)
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
