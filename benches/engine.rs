//! Microbenchmarks of the engine (divan): the walk over in-memory pages against iterating the same pages
//! by hand, and the state machine's cost per page. `cargo bench --bench engine`.

use divan::{black_box, Bencher};
use paginated::{PageRequest, Paginate, Signals, Spec, Strategy, Token, Walk, WalkConfig};

const PAGES: u64 = 100;
const PAGE: u64 = 1_000;
const NAMES: [&str; 4] = ["ada", "grace", "edsger", "barbara"];

#[derive(Paginate)]
#[paginate(offset, total = "total")]
struct MemoryPage {
    data: Vec<Record>,
    total: u64,
}

struct Record {
    id: u64,
    name: &'static str,
}

fn pages() -> Vec<MemoryPage> {
    (0..PAGES)
        .map(|page| MemoryPage {
            data: (page * PAGE..(page + 1) * PAGE)
                .map(|id| Record {
                    id,
                    name: NAMES[(id % 4) as usize],
                })
                .collect(),
            total: PAGES * PAGE,
        })
        .collect()
}

fn work(record: Record) -> u64 {
    record.id + record.name.len() as u64
}

fn main() {
    divan::main();
}

/// 100,000 items through the walk's item iterator (closure transport handing over decoded pages).
#[divan::bench(sample_count = 30)]
fn walk_items(bencher: Bencher) {
    bencher
        .with_inputs(|| std::sync::Mutex::new(pages().into_iter().map(Some).collect::<Vec<_>>()))
        .bench_values(|source| {
            MemoryPage::from_fn_blocking(move |request: PageRequest| {
                let index = (request.offset().unwrap_or(0) / PAGE) as usize;
                let page = source.lock().unwrap()[index].take().expect("fetched once");
                Ok::<_, std::convert::Infallible>(page)
            })
            .page_size(PAGE)
            .map(|record| work(record.unwrap()))
            .sum::<u64>()
        });
}

/// The same 100,000 items, iterating the decoded pages by hand.
#[divan::bench(sample_count = 30)]
fn hand_items(bencher: Bencher) {
    bencher.with_inputs(pages).bench_values(|pages| {
        let mut sum = 0u64;
        for page in pages {
            for record in page.data {
                sum += work(record);
            }
        }
        black_box(sum)
    });
}

/// The state machine alone: 1,000 cursor pages reported, loop guard included.
#[divan::bench]
fn state_machine_1000_cursor_pages(bencher: Bencher) {
    let cursors: Vec<Signals> = (0..1_000)
        .map(|n| Signals {
            cursor: (n < 999).then(|| Token::text(format!("cursor-{n}"))),
            has_more: Some(n < 999),
            ..Signals::default()
        })
        .collect();
    bencher.bench(|| {
        let mut walk = Walk::new(Spec::new(Strategy::Cursor).has_more(), WalkConfig::default()).unwrap();
        for signals in &cursors {
            walk.on_page(signals, 100).unwrap();
        }
        black_box(walk.next_request().is_none())
    });
}
