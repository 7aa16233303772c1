//! The floor for one `huashu check` call: a program that only loads jieba's dictionary (the
//! same dictionary, compiled in the same way, that huashu loads on the first word-boundary
//! check) and segments one turn. `benches/compare.sh` times it next to `huashu check` on a
//! one-turn file; the target is that huashu take at most 1.3× as long.
//!
//! It uses the allocator the `huashu` binary uses (mimalloc), which loads the dictionary faster
//! than the system allocator: the comparison is of the same load.
//!
//! `cargo run --release -p huashu --example jieba_load`

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let jieba = jieba_rs::Jieba::new();
    let words: Vec<String> = jieba
        .cut("喂,你好", false)
        .iter()
        .map(|t| t.word.to_owned())
        .collect();
    println!("{}", words.join("/"));
}
