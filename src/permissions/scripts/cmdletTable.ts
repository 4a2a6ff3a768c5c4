/** AWS Tools for PowerShell cmdlets and the API operation each one calls (see action-map/powershell-cmdlets.json). */
export interface CmdletTable {
  /** Cmdlet name (any case) → boto3 client name and API operation. */
  cmdlets: Record<string, { service: string; operation: string }>;
  /** Cmdlet noun prefix ('EC2', 'CWL') → boto3 client name; identifies AWS cmdlets missing from `cmdlets`. */
  prefixes: Record<string, string>;
  /** AWS Tools cmdlets that make no AWS API call (credential and region settings, module helpers). */
  nonApi: string[];
}
