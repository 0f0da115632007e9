package snowlocal

import (
	"context"
	"database/sql/driver"
	"fmt"
	"sync"

	"github.com/duckdb/duckdb-go/v2"
)

// RANDOM(seed) draws Snowflake's sequence: "RANDOM implements a 64-bit
// Mersenne twister algorithm known as MT19937-64" (docs: random), seeded
// with the seed. The reference MT19937-64 (init_genrand64, genrand64_int64)
// seeded with 4711 gives -3581185414942383166, 1570543588041465562,
// -6684111782596764647: the docs' RANDOM(4711) over GENERATOR(ROWCOUNT => 3).
// The rewriter renders RANDOM(<seed>) in a query block reading only a
// GENERATOR as __flurry_mt_random(seed, row index) (rewrite/funcs.go), the
// row index counting from 0, so two calls with one seed give one value per
// row ("RANDOM returns the same value for each call for that row").

// mt64 is the MT19937-64 generator.
type mt64 struct {
	mt  [312]uint64
	mti int
}

func newMT64(seed uint64) *mt64 {
	g := &mt64{}
	g.mt[0] = seed
	for i := 1; i < len(g.mt); i++ {
		g.mt[i] = 6364136223846793005*(g.mt[i-1]^(g.mt[i-1]>>62)) + uint64(i)
	}
	g.mti = len(g.mt)
	return g
}

func (g *mt64) next() uint64 {
	const nn, mm = 312, 156
	const matrixA, upper, lower = 0xB5026F5AA96619E9, 0xFFFFFFFF80000000, 0x7FFFFFFF
	mag := func(x uint64) uint64 { return (x & 1) * matrixA }
	if g.mti >= nn {
		var i int
		for i = 0; i < nn-mm; i++ {
			x := g.mt[i]&upper | g.mt[i+1]&lower
			g.mt[i] = g.mt[i+mm] ^ x>>1 ^ mag(x)
		}
		for ; i < nn-1; i++ {
			x := g.mt[i]&upper | g.mt[i+1]&lower
			g.mt[i] = g.mt[i+mm-nn] ^ x>>1 ^ mag(x)
		}
		x := g.mt[nn-1]&upper | g.mt[0]&lower
		g.mt[nn-1] = g.mt[mm-1] ^ x>>1 ^ mag(x)
		g.mti = 0
	}
	x := g.mt[g.mti]
	g.mti++
	x ^= x >> 29 & 0x5555555555555555
	x ^= x << 17 & 0x71D67FFFEDA60000
	x ^= x << 37 & 0xFFF7EEE000000000
	x ^= x >> 43
	return x
}

// mtStream is one seed's sequence: a generator, the position it stands at
// (the number of values drawn) and the last values drawn (DuckDB runs a
// chunk's rows through one call, then through the next call with the same
// seed). A row before those starts the sequence again.
type mtStream struct {
	g    *mt64
	pos  int64
	ring [8192]uint64
}

// mtStreams holds the recent seeds' streams.
var mtStreams = struct {
	sync.Mutex
	m map[uint64]*mtStream
}{m: map[uint64]*mtStream{}}

// mtRandom is value n (from 0) of the MT19937-64 sequence of seed.
func mtRandom(seed uint64, n int64) int64 {
	mtStreams.Lock()
	defer mtStreams.Unlock()
	ringLen := int64(len(mtStream{}.ring))
	s := mtStreams.m[seed]
	if s == nil || n < s.pos-ringLen {
		if len(mtStreams.m) >= 64 {
			clear(mtStreams.m)
		}
		s = &mtStream{g: newMT64(seed)}
		mtStreams.m[seed] = s
	}
	for s.pos <= n {
		s.ring[s.pos%ringLen] = s.g.next()
		s.pos++
	}
	return int64(s.ring[n%ringLen])
}

// mtRandomExecutor is the DuckDB scalar function
// __flurry_mt_random(seed BIGINT, n BIGINT) BIGINT.
type mtRandomExecutor struct{}

func registerMTRandom(ctx context.Context, e *Engine) error {
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := duckdb.RegisterScalarUDF(conn, "__flurry_mt_random", &mtRandomExecutor{}); err != nil {
		return fmt.Errorf("register RANDOM(seed): %w", err)
	}
	return nil
}

func (*mtRandomExecutor) Config() duckdb.ScalarFuncConfig {
	big, _ := duckdb.NewTypeInfo(duckdb.TYPE_BIGINT)
	return duckdb.ScalarFuncConfig{
		InputTypeInfos: []duckdb.TypeInfo{big, big},
		ResultTypeInfo: big,
	}
}

func (*mtRandomExecutor) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: func(values []driver.Value) (any, error) {
		seed, ok1 := values[0].(int64)
		n, ok2 := values[1].(int64)
		if !ok1 || !ok2 || n < 0 {
			return nil, fmt.Errorf("__flurry_mt_random(%v, %v): want a seed and a row index", values[0], values[1])
		}
		return mtRandom(uint64(seed), n), nil
	}}
}
