/// The result of claiming one name in `incoming/`.
package enum Claim: Sendable {
    /// The file was read: its whole content.
    case claimed(bytes: [UInt8], status: FileStatus)
    /// The file must go to `failed/` without being read, for this reason.
    case rejected(ClaimError)
    /// Nothing by that name is there any more (already processed, or removed).
    case gone
}
