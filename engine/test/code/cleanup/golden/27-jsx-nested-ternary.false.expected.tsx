import { useStringFlagValue } from '@openfeature/react-sdk';

export function Badge({ vip }: { vip: boolean }): JSX.Element {
  const tone = useStringFlagValue('badge-tone', 'plain');
  return (
    <div>
      {vip ? <i>VIP</i> : null}
      <span title={undefined}>{tone}</span>
      <hr />
    </div>
  );
}
