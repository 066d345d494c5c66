import { useBooleanFlagValue, useStringFlagValue } from '@openfeature/react-sdk';

export function Badge({ vip }: { vip: boolean }): JSX.Element {
  const fresh = useBooleanFlagValue('new-checkout', false);
  const tone = useStringFlagValue('badge-tone', 'plain');
  return (
    <div>
      {vip ? (
        fresh ? (
          <b className="vip-new">VIP</b>
        ) : (
          <i>VIP</i>
        )
      ) : fresh ? (
        <b>new</b>
      ) : null}
      <span title={fresh ? 'New' : undefined}>{tone}</span>
      {!fresh && <hr />}
    </div>
  );
}
