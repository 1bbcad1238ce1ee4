use paginated::Paginate;

// Every mistake of the attribute is reported at once, and the stub impl keeps the use below quiet.
#[derive(Paginate)]
#[paginate(itmes = "data", cursor = "", offset = 1, has_more = 3)]
struct Page {
    data: Vec<u32>,
}

fn count(page: Page) -> usize {
    page.into_parts().items.len()
}

fn main() {
    let _ = count;
}
