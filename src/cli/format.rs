//! Small formatting helpers shared by the commands.

use std::time::Duration;

use serde_json::Value;

/// `m:ss`, rounded to the nearest second.
pub fn clock(d: Duration) -> String {
    let secs = (d.as_millis() + 500) / 1_000;
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// Seconds as a JSON number: an integer when whole, else a decimal.
pub fn secs_json(d: Duration) -> Value {
    let ms = d.as_millis() as u64;
    if ms.is_multiple_of(1_000) {
        Value::from(ms / 1_000)
    } else {
        Value::from(ms as f64 / 1_000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(clock(Duration::from_secs(185)), "3:05");
        assert_eq!(secs_json(Duration::from_secs(10)), Value::from(10));
        assert_eq!(secs_json(Duration::from_millis(10_500)), Value::from(10.5));
    }
}
