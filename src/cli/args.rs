//! A small argument parser: positionals, `--flag`, `--opt value` and `--opt=value`.

/// A usage mistake, reported with the usage text and exit status 2.
#[derive(Debug)]
pub struct UsageError(pub String);

/// Remaining command-line arguments.
pub struct Args {
    items: Vec<String>,
}

impl Args {
    pub fn new(items: Vec<String>) -> Self {
        Args { items }
    }

    /// The first argument, if any.
    pub fn first(&self) -> Option<&str> {
        self.items.first().map(String::as_str)
    }

    /// Removes and returns the first argument.
    pub fn take_first(&mut self) -> Option<String> {
        (!self.items.is_empty()).then(|| self.items.remove(0))
    }

    /// Removes and returns the first argument that is not an option.
    pub fn next_positional(&mut self) -> Option<String> {
        let i = self
            .items
            .iter()
            .position(|a| !a.starts_with("--") || a == "--")?;
        let a = self.items.remove(i);
        if a == "--" {
            return (!self.items.is_empty()).then(|| self.items.remove(0));
        }
        Some(a)
    }

    /// Removes every positional argument left.
    pub fn positionals(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(p) = self.next_positional() {
            out.push(p);
        }
        out
    }

    /// Removes a boolean `--name` flag; true if present.
    pub fn flag(&mut self, name: &str) -> bool {
        let before = self.items.len();
        self.items.retain(|a| a != name);
        self.items.len() != before
    }

    /// Removes every `--name value` (or `--name=value`, or `-s value` for `short`).
    pub fn values(&mut self, name: &str, short: Option<&str>) -> Result<Vec<String>, UsageError> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.items.len() {
            let a = &self.items[i];
            if let Some(v) = a.strip_prefix(name).and_then(|r| r.strip_prefix('=')) {
                out.push(v.to_string());
                self.items.remove(i);
            } else if a == name || Some(a.as_str()) == short {
                if i + 1 >= self.items.len() {
                    return Err(UsageError(format!("{name} needs a value")));
                }
                self.items.remove(i);
                out.push(self.items.remove(i));
            } else {
                i += 1;
            }
        }
        Ok(out)
    }

    /// Removes an option that may be given once.
    pub fn value(&mut self, name: &str, short: Option<&str>) -> Result<Option<String>, UsageError> {
        let mut v = self.values(name, short)?;
        if v.len() > 1 {
            return Err(UsageError(format!("{name} given {} times", v.len())));
        }
        Ok(v.pop())
    }

    /// Removes a numeric option.
    pub fn number(&mut self, name: &str, default: usize) -> Result<usize, UsageError> {
        match self.value(name, None)? {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| UsageError(format!("{name} expects a whole number, got `{v}`"))),
        }
    }

    /// Fails if any option was not consumed.
    pub fn finish(&self) -> Result<(), UsageError> {
        match self.items.first() {
            None => Ok(()),
            Some(a) if a.starts_with("--") => Err(UsageError(format!("unknown option `{a}`"))),
            Some(a) => Err(UsageError(format!("unexpected argument `{a}`"))),
        }
    }
}
