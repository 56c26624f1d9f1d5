fn main() {
    println!("schoolgate");
}
