/** "Include video": whether a share link's readers may play the answers' videos (off by default). */
export function IncludeVideo({ checked, disabled, onChange }: { checked: boolean; disabled?: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label style={{ display: "flex", gap: 8, alignItems: "center" }}>
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.currentTarget.checked)} />
      Include video of my answers
    </label>
  );
}
