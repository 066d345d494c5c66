import { useStringFlagValue } from '@openfeature/react-sdk';

export function Badge({ vip }: { vip: boolean }): JSX.Element {
  const tone = useStringFlagValue('badge-tone', 'plain');
  return (
    <div>
      {vip ? <b className="vip-new">VIP</b> : (
        <b>new</b>
      )}
      <span title="New">{tone}</span>
    </div>
  );
}
