//! Ending the browsers: a test that fails half-way drops its driver with windows still open,
//! and the drop must end chromedriver and every Chromium it started, and nothing else.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::driver::{browser_available, running_in_group, Driver, Shots};

#[actix_web::test]
async fn dropping_the_driver_ends_its_browsers_and_nothing_else() {
    if !browser_available() {
        return;
    }
    // A bystander in a process group of its own, as PostgreSQL or the test runner would be.
    let mut bystander = Command::new("sleep")
        .arg("60")
        .stdout(Stdio::null())
        .spawn()
        .expect("start sleep");

    let driver = Driver::start().await;
    let group = driver.process_group();
    let shots = Shots::new("cleanup", "");
    // A window left open, as by a test that panicked before closing it.
    let browser = driver
        .browser("http://127.0.0.1:9", &shots, "efterladt")
        .await;
    std::mem::forget(browser);
    let before = running_in_group(group);
    assert!(
        before >= 2,
        "chromedriver and its Chromium run in group {group} ({before} processes)"
    );

    drop(driver);
    let deadline = Instant::now() + Duration::from_secs(10);
    while running_in_group(group) > 0 {
        assert!(
            Instant::now() < deadline,
            "{} processes of group {group} still run after the driver was dropped",
            running_in_group(group)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        bystander.try_wait().expect("sleep's status").is_none(),
        "a process outside the driver's group was killed"
    );
    let _ = bystander.kill();
    let _ = bystander.wait();
}
