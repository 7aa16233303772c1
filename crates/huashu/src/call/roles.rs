//! Which of a source's speakers is the agent, when the source did not say so itself.

use serde::{Deserialize, Serialize};

/// How the speakers of a call got their roles, when the source names them with labels huashu
/// does not know (`0`/`1`, `spk0`, `A`/`B`, `说话人1`…) and no label mapping covers them: huashu
/// then takes the speaker who talks like an agent (opens with the greeting, gives a 工号, says
/// 很高兴为您服务 or 请问还有什么可以帮您…) as the agent, and records here whom it took and why.
///
/// Serialised as `{"agent": […], "customer": […], "inferred": true, "reason": "…"}`.
///
/// ```
/// use huashu::transcript::{parse, ParseOptions, SourceFormat};
/// let source = "A:喂,我的宽带又断了\nB:您好,工号1017,很高兴为您服务\nA:昨天就断了\n";
/// let parsed = parse(source, SourceFormat::Text, &ParseOptions::default());
/// let roles = parsed.calls[0].roles.as_ref().unwrap();
/// assert_eq!(roles.agent, ["B"]);
/// assert_eq!(roles.customer, ["A"]);
/// assert!(roles.reason.contains("工号1017"));
/// // The CLI prints the same as a warning, with the `--label` that makes it explicit.
/// assert!(parsed.warnings[0].message.contains("--label B=agent --label A=customer"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Roles {
    /// The source's speaker labels (channels, speaker ids, names) taken as the agent.
    pub agent: Vec<String>,
    /// The source's speaker labels taken as the customer.
    pub customer: Vec<String>,
    /// Whether huashu inferred the roles from what was said (rather than from a label mapping).
    pub inferred: bool,
    /// Why the agent was taken to be the agent: the words that gave it away, and where.
    pub reason: String,
}
